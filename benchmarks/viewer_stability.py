"""Benchmark: how long the HTML viewer takes to become usable (layout stopped, first frame drawn).

Run from the repository root (needs Debian's chromium and playwright):

    python benchmarks/viewer_stability.py

Prints, for synthetic graphs of 500, 1,500 and 5,000 nodes drawn whole and for
5,000 nodes at the default size limit, the time from opening the page to its
first frame after the layout stopped, as measured inside the page, and the
ratio to the seeds' page (79 nodes) measured in the same run as the baseline.
Each figure is the median of three loads in a fresh page.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import kg  # noqa: E402
from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from kg.export.html import write_html  # noqa: E402
from kg.export.views import DEFAULT_MAX_NODES, ViewOptions  # noqa: E402
from kg.graph import corpus_to_rdf  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
RUNS = 3
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def pages(folder: Path) -> list[tuple[str, Path]]:
    made = [("seeds (baseline), 79 nodes", kg.build([ROOT / "seeds"]).write_view(folder / "seeds.html"))]
    for nodes in (500, 1500, 5000):
        graph = corpus_to_rdf(synthetic_corpus(nodes), DEFAULT_BASE_IRI)
        made.append(
            (
                f"{nodes} nodes, drawn whole",
                write_html(graph, folder / f"{nodes}.html", ViewOptions(max_nodes=nodes)),
            )
        )
    graph = corpus_to_rdf(synthetic_corpus(5000), DEFAULT_BASE_IRI)
    made.append((f"5000 nodes, limit {DEFAULT_MAX_NODES}", write_html(graph, folder / "5000-limited.html")))
    return made


def time_to_usable(browser, page_path: Path) -> tuple[float, float]:
    """Seconds to the first frame after the layout stopped: as the page measured it, and from outside."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.kgViewer && window.kgViewer.drawn === true", timeout=300_000)
    outside = time.perf_counter() - started
    inside = page.evaluate("window.kgViewer.drawnAfterMs") / 1000
    context.close()
    return inside, outside


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        results = []
        for label, path in pages(Path(tmp)):
            runs = [time_to_usable(browser, path) for _ in range(RUNS)]
            inside, outside = (statistics.median(run[i] for run in runs) for i in (0, 1))
            results.append((label, inside, outside, path.stat().st_size))
        browser.close()
    baseline = results[0][1]
    print(f"{'page':32s} {'in page':>9s} {'load+draw':>10s} {'ratio':>7s} {'size':>9s}")
    for label, inside, outside, size in results:
        print(f"{label:32s} {inside:8.2f}s {outside:9.2f}s {inside / baseline:6.1f}x {size / 1024:7.0f}KiB")


if __name__ == "__main__":
    main()
