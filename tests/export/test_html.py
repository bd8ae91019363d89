from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kg
from benchmarks.synthetic import synthetic_corpus
from kg.export.html import write_html
from kg.export.views import ViewOptions
from kg.graph import corpus_to_rdf, paper_label
from kg.vocab import DEFAULT_BASE_IRI
from tests.conftest import ARTIFACTS, SEEDS, seed_abstract

CHROMIUM = Path("/usr/bin/chromium")
PWNED = "window.kgPwned"
HOSTILE = (
    'We present <b>EvilNet</b>, a model named "quote" and back\\slash. '
    '<script>window.kgPwned = 1</script> It beats <img src=x onerror="window.kgPwned = 2"> '
    "Group Relative Policy Optimization (GRPO) by 3%. </script><svg onload=window.kgPwned=3> done."
)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    _, html = kg.build([SEEDS]).save(tmp_path_factory.mktemp("seeds"))
    return html


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    seed = folder / "hostile.txt"
    seed.write_text(
        f"Abstract:{HOSTILE}\nAbstract:{seed_abstract('Current Large Language Models')}\n", encoding="utf-8"
    )
    _, html = kg.build([seed]).save(folder / "out")
    return html


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes, and the text of each script by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: dict[str, str] = {}
        self._script_id: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._script_id = dict(attrs).get("id") if tag == "script" else None

    def handle_data(self, data):
        if self._script_id:
            self.scripts[self._script_id] = self.scripts.get(self._script_id, "") + data


def test_html_is_self_contained(seed_page):
    html = seed_page.read_text(encoding="utf-8")
    elements = Elements(html)
    assert [tag for tag, attrs in elements.tags if "src" in attrs or "href" in attrs] == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html
    assert "vis.Network" in html


def test_html_input_text_is_never_markup(hostile_page):
    elements = Elements(hostile_page.read_text(encoding="utf-8"))
    assert [tag for tag, _ in elements.tags if tag in {"b", "img", "svg"}] == []
    assert [attrs.get("id") for tag, attrs in elements.tags if tag == "script"] == [
        None,
        "kg-data",
        "kg-options",
        "kg-styles",
        None,
    ]
    data = json.loads(elements.scripts["kg-data"])
    abstracts = [d["abstract"] for d in data["details"].values() if d["kind"] == "Paper"]
    assert HOSTILE in abstracts


def test_html_is_deterministic(seed_page, tmp_path):
    _, again = kg.build([SEEDS]).save(tmp_path)
    assert again.read_bytes() == seed_page.read_bytes()


# --- in a real browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


class OfflinePage:
    """A page that may load only the file itself; everything else is refused and recorded."""

    def __init__(self, browser, path: Path, timeout_ms: int = 60_000) -> None:
        # Playwright's waits evaluate strings, which the page's CSP forbids; escaping is tested without CSP.
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgViewer && window.kgViewer.drawn === true", timeout=timeout_ms)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def search(self, text: str) -> str:
        self.page.fill("#search", text)
        self.page.dispatch_event("#search", "change")
        return self.page.inner_text("#panel")


@pytest.mark.browser
def test_html_seeds_page_loads_offline_without_errors(browser, seed_page):
    view = OfflinePage(browser, seed_page)
    assert view.errors == []
    assert view.requests == []
    assert view.page.inner_text("#summary").startswith("12 papers · ")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "seeds.png"))
    view.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query", ["Group Relative Policy Optimization", "GRPO", "group relative preference optimization"]
)
def test_html_search_finds_grpo_by_any_name_with_both_papers(browser, seed_page, query):
    view = OfflinePage(browser, seed_page)
    panel = view.search(query)
    assert panel.startswith("TECHNIQUE\nGroup Relative Policy Optimization")
    assert "Mentioned by 2 papers" in panel
    assert "apply it to train LLMs using Group Relative Policy Optimization (GRPO)" in panel
    assert "resulting in OTC-PPO and OTC-GRPO" in panel
    assert view.errors == [] and view.requests == []
    view.context.close()


@pytest.mark.browser
def test_html_hostile_abstract_runs_nothing_and_shows_as_text(browser, hostile_page):
    view = OfflinePage(browser, hostile_page)
    panel = view.search(paper_label(HOSTILE))
    assert "<script>window.kgPwned = 1</script>" in panel
    assert '<img src=x onerror="window.kgPwned = 2">' in panel
    assert view.page.evaluate(f"typeof {PWNED}") == "undefined"
    assert view.requests == []
    assert view.errors == []
    view.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("options", [{"co_mentions": True}, {"focus": "GRPO", "depth": 2}])
def test_html_other_views_load_and_search(browser, seed_graph, tmp_path, options):
    page = seed_graph.write_view(tmp_path / "view.html", **options)
    view = OfflinePage(browser, page)
    assert "Group Relative Policy Optimization" in view.search("grpo")
    assert view.errors == [] and view.requests == []
    view.context.close()


@pytest.fixture(scope="module")
def large_graph():
    return corpus_to_rdf(synthetic_corpus(5000), DEFAULT_BASE_IRI)


@pytest.mark.browser
@pytest.mark.parametrize("max_nodes", [1500, 5000])
def test_html_five_thousand_nodes_settle_and_draw(browser, large_graph, tmp_path, max_nodes):
    """The page stops its layout and draws; how fast is measured by benchmarks/viewer_stability.py."""
    page = write_html(large_graph, tmp_path / "large.html", ViewOptions(max_nodes=max_nodes))
    view = OfflinePage(browser, page, timeout_ms=120_000)
    assert view.page.evaluate("window.kgViewer.network.physics.physicsEnabled") is False
    note = view.page.inner_text("#note")
    if max_nodes < 5000:
        assert "showing the 1500 most connected of 5000 nodes; left out:" in note
        assert "--focus NAME" in note
    else:
        assert "left out" not in note
    assert view.errors == [] and view.requests == []
    view.context.close()
