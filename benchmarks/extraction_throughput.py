"""Benchmark: extraction throughput on real arXiv abstracts, against the bare spaCy tokenizer as the floor.

Run from the repository root with the shared evaluation data beside it:

    python benchmarks/extraction_throughput.py [--abstracts 2000]

Reads abstracts from ../shared/eval/arxiv-daily-dengwei (arXiv metadata, CC0),
then times, in one process on one core and in the same run: the tokenizer alone
(the floor: extraction cannot be faster than tokenising once), the spaCy
pipeline with our components, the whole extract stage (pipeline plus
mentions, relations, results and links), and the whole stage with the trained
recogniser added, whose cost is reported apart. Each figure is the best of three runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.arxiv import arxiv_records  # noqa: E402
from kg.extract import build_pipeline, extract  # noqa: E402
from kg.model import Paper  # noqa: E402

RUNS = 3


def abstracts(count: int) -> list[str]:
    return [" ".join(record["summary"].split()) for record in arxiv_records(count)]


def best_of(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, default=2000)
    args = parser.parse_args()
    texts = abstracts(args.abstracts)
    papers = [Paper(f"{i:016x}", text, ()) for i, text in enumerate(texts)]
    nlp = build_pipeline()
    list(extract(papers[:50], nlp))  # warm up: gazetteer matchers, regexes
    floor = best_of(lambda: list(nlp.tokenizer.pipe(texts, batch_size=64)))
    pipeline = best_of(lambda: list(nlp.pipe(texts, batch_size=64)))
    whole = best_of(lambda: list(extract(papers, nlp)))
    learned = build_pipeline(recogniser=True)
    list(extract(papers[:50], learned))
    with_recogniser = best_of(lambda: list(extract(papers, learned)))
    print(f"{len(texts)} real arXiv abstracts, one process, best of {RUNS}")
    print(f"{'stage':34s} {'seconds':>8s} {'abstracts/s':>12s} {'vs tokenizer':>13s}")
    for label, seconds in (("tokenizer alone (floor)", floor), ("spaCy pipeline with our components", pipeline),
                           ("whole extract stage", whole),
                           ("whole extract, with the recogniser", with_recogniser)):  # fmt: skip
        print(f"{label:34s} {seconds:8.2f} {len(texts) / seconds:12.0f} {seconds / floor:12.1f}x")


if __name__ == "__main__":
    main()
