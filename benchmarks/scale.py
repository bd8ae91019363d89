"""Benchmark: build from 1,000 to ~100,000 real arXiv abstracts, Oxigraph store against rdflib in memory.

Run from the repository root with the shared evaluation data beside it:

    python benchmarks/scale.py [--sizes 1000 10000 98752] [--workers 2] [--baseline-up-to 10000]

The abstracts are real (arXiv metadata, CC0): the two daily JSON Lines dumps in
../shared/eval hold 98,752 distinct papers, so that is the largest size. Each
size runs in a fresh process, so peak memory is that size's own. For each size
it prints papers per second end to end and per stage, peak memory, triples,
store size on disk, Turtle export time, each named query's median and 95th
percentile latency, and the cost per paper, which stays flat if cost grows
linearly. In the same run, the rdflib in-memory path (kg.build, rdflib's Turtle
writer, rdflib's SPARQL) is the baseline up to --baseline-up-to papers (above
that it needs more memory and time than is useful to spend), and the spaCy
tokenizer alone over the same texts is the floor.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.arxiv import arxiv_records  # noqa: E402

QUERY_RUNS = 5
QUERY_CAP_S = 10.0
GRPO = "Group Relative Policy Optimization"
# Queries whose description says "bind ?x" are run bound, as one would at scale; the rest list or count everything.
BINDINGS = {
    "find_entity": {"name": "grpo"},
    "evidence": {"entity": GRPO},
    "code_of_users": {"technique": GRPO},
    "shared_techniques": {"technique": GRPO},
    "surveys_mentioning": {"technique": GRPO},
    "techniques_by_paper": {"technique": GRPO},
}


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers) / 1024  # ru_maxrss is KiB on Linux; workers run beside the parent, so both count


def _query_latencies(graph: object, cap_s: float) -> dict[str, tuple[float, float] | None]:
    """Each named query's median and 95th percentile over QUERY_RUNS runs; None where one run passed ``cap_s``."""
    from kg.query import named_queries

    return {name: _latency(graph, query.text, BINDINGS.get(name), cap_s) for name, query in named_queries().items()}


def _latency(graph: object, text: str, bindings: dict[str, str] | None, cap_s: float) -> tuple[float, float] | None:
    # Each query runs in a forked child that is killed at the cap: rdflib's engine takes hours on some joins.
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_runs, args=(graph, text, bindings, send))
    child.start()
    send.close()
    runs = []
    while len(runs) < QUERY_RUNS and receive.poll(cap_s):
        runs.append(receive.recv())
    child.kill()
    child.join()
    if len(runs) < QUERY_RUNS:
        return None
    runs.sort()
    return statistics.median(runs), runs[round(0.95 * (len(runs) - 1))]


def _time_runs(graph: object, text: str, bindings: dict[str, str] | None, reply: Connection) -> None:
    from kg.query import select

    for _ in range(QUERY_RUNS):
        reply.send(_timed(lambda: select(graph, text, bindings))[0])


def measure_store(size: int, workers: int, folder: Path) -> dict[str, object]:
    """One size, Oxigraph path: ingest, extract (in workers), resolve and write the store, export, query."""
    from kg.extract import build_pipeline
    from kg.ingest import read_papers
    from kg.pipeline import extract_all
    from kg.store import Store

    source = folder / "abstracts.jsonl"
    texts = _write_source(source, size)
    nlp = build_pipeline()
    floor, _ = _timed(lambda: sum(1 for _ in nlp.tokenizer.pipe(texts, batch_size=256)))
    started = time.perf_counter()
    ingest_s, ingested = _timed(lambda: read_papers([source]))
    extract_s, extractions = _timed(lambda: list(extract_all(ingested.papers, workers=workers)))  # type: ignore[attr-defined]
    store = Store(folder / "kgstore")
    _, update = _timed(lambda: store.replace(extractions, "https://w3id.org/paperkg/"))  # type: ignore[arg-type]
    total = time.perf_counter() - started
    export_s, _ = _timed(lambda: store.export(folder / "graph.ttl"))
    return {
        "size": size,
        "papers": update.papers,  # type: ignore[attr-defined]
        "tokenizer_s": floor,
        "ingest_s": ingest_s,
        "extract_s": extract_s,
        "resolve_s": update.seconds_resolving,  # type: ignore[attr-defined]
        "store_write_s": update.seconds_writing,  # type: ignore[attr-defined]
        "total_s": total,
        "peak_mib": _peak_mib(),
        "triples": update.triples,  # type: ignore[attr-defined]
        "store_mib": sum(p.stat().st_size for p in store.path.rglob("*") if p.is_file()) / 2**20,
        "turtle_export_s": export_s,
        "turtle_mib": (folder / "graph.ttl").stat().st_size / 2**20,
        "queries": _query_latencies(store.rdflib_graph(), QUERY_CAP_S),
    }


def measure_rdflib(size: int, folder: Path) -> dict[str, object]:
    """One size, the baseline: kg.build in memory (one process), rdflib's Turtle writer and SPARQL engine."""
    import kg

    source = folder / "abstracts.jsonl"
    _write_source(source, size)
    total, graph = _timed(lambda: kg.build([source]))
    export_s, _ = _timed(lambda: graph.rdf.serialize(folder / "graph.ttl", format="turtle"))  # type: ignore[attr-defined]
    return {
        "size": size,
        "total_s": total,
        "peak_mib": _peak_mib(),
        "triples": len(graph.rdf),  # type: ignore[attr-defined]
        "turtle_export_s": export_s,
        "queries": _query_latencies(graph.rdf, QUERY_CAP_S),  # type: ignore[attr-defined]
    }


def _write_source(path: Path, size: int) -> list[str]:
    records = arxiv_records(size)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [" ".join(record["summary"].split()) for record in records]


def _run_fresh(mode: str, size: int, workers: int) -> dict:
    command = [sys.executable, __file__, "--one", mode, str(size), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{mode} at {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(stores: list[dict], baselines: dict[int, dict], workers: int) -> None:
    print(f"Real arXiv abstracts; Oxigraph store with --workers {workers} against rdflib in memory (one process).\n")
    print(f"{'papers':>7} | {'total s':>8} {'papers/s':>9} {'ms/paper':>9} | {'ingest':>7} {'extract':>8} "
          f"{'resolve':>8} {'store':>7} | {'tokenizer':>9} {'extract/tok':>11} | {'peak MiB':>8} {'triples':>11} "
          f"{'store MiB':>9}")  # fmt: skip
    for row in stores:
        n = row["papers"]
        print(f"{n:7d} | {row['total_s']:8.1f} {n / row['total_s']:9.0f} {1000 * row['total_s'] / n:9.2f} | "
              f"{n / row['ingest_s']:7.0f} {n / row['extract_s']:8.0f} {n / row['resolve_s']:8.0f} "
              f"{n / row['store_write_s']:7.0f} | {n / row['tokenizer_s']:9.0f} "
              f"{row['extract_s'] / row['tokenizer_s']:10.1f}x | {row['peak_mib']:8.0f} {row['triples']:11,d} "
              f"{row['store_mib']:9.0f}")  # fmt: skip
    print("(stage columns are papers per second; the tokenizer runs in one process)\n")
    print(f"{'papers':>7} | {'Oxigraph Turtle s':>17} {'rdflib Turtle s':>15} {'speed-up':>8} | "
          f"{'rdflib total s':>14} {'rdflib peak MiB':>15}")  # fmt: skip
    for row in stores:
        base = baselines.get(row["size"])
        rdflib_export = f"{base['turtle_export_s']:15.1f} {base['turtle_export_s'] / row['turtle_export_s']:7.0f}x" \
            if base else f"{'not run':>15} {'':>8}"  # fmt: skip
        rdflib_build = f"{base['total_s']:14.1f} {base['peak_mib']:15.0f}" if base else f"{'not run':>14} {'':>15}"
        print(f"{row['papers']:7d} | {row['turtle_export_s']:17.1f} {rdflib_export} | {rdflib_build}")
    print("\nNamed queries, median / 95th percentile in ms (store via the rdflib API over Oxigraph; rdflib in memory)")
    print(f"bound: {', '.join(f'{name} {value}' for name, value in BINDINGS.items())}; the rest unbound")
    names = list(stores[0]["queries"])
    print(f"{'query':20s} " + " ".join(f"{str(row['papers']) + ' store':>18} {'rdflib':>14}" for row in stores))
    for name in names:
        cells = []
        for row in stores:
            base = baselines.get(row["size"])
            rdflib_cell = _latency_cell(base["queries"][name]) if base else "-"
            cells.append(f"{_latency_cell(row['queries'][name]):>18} {rdflib_cell:>14}")
        print(f"{name:20s} " + " ".join(cells))


def _latency_cell(latency: list[float] | None) -> str:
    return f">{QUERY_CAP_S:.0f} s" if latency is None else f"{1000 * latency[0]:.0f}/{1000 * latency[1]:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 98752])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline-up-to", type=int, default=10000)
    parser.add_argument("--one", nargs=2, metavar=("MODE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, size = args.one[0], int(args.one[1])
        with tempfile.TemporaryDirectory(prefix="kg-scale-") as folder:
            if mode == "store":
                result = measure_store(size, args.workers, Path(folder))
            else:
                result = measure_rdflib(size, Path(folder))
        print(json.dumps(result))
        return
    stores, baselines = [], {}
    for size in args.sizes:  # each size's raw figures go to stderr as soon as they are in
        stores.append(_run_fresh("store", size, args.workers))
        print(json.dumps(stores[-1]), file=sys.stderr, flush=True)
        if size <= args.baseline_up_to:
            baselines[size] = _run_fresh("rdflib", size, 1)
            print(json.dumps(baselines[size]), file=sys.stderr, flush=True)
    report(stores, baselines, args.workers)


if __name__ == "__main__":
    main()
