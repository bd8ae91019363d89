"""Benchmarks' corpus: real arXiv abstracts (CC0 metadata) from the daily JSON Lines dumps in ../shared/eval."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DUMPS = ("arxiv-daily-dengwei", "arxiv-daily-junle-chen")


def arxiv_records(limit: int | None = None) -> list[dict]:
    """Up to ``limit`` distinct arXiv records (by id), in the dumps' order: dengwei's first, then junle-chen's."""
    seen: dict[str, dict] = {}
    for record in _records():
        seen.setdefault(record["id"], record)
        if limit is not None and len(seen) >= limit:
            break
    return list(seen.values())


def _records() -> Iterator[dict]:
    for dump in DUMPS:
        folder = SHARED_EVAL / dump
        if not folder.is_dir():
            raise SystemExit(f"{folder} is not here: the benchmarks read real arXiv abstracts from the shared data")
        with tarfile.open(next(folder.glob("*.tar.xz")), "r|xz") as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".jsonl"):
                    handle = archive.extractfile(member)
                    assert handle is not None  # a regular file
                    for line in handle.read().decode("utf-8").splitlines():
                        if line.strip():
                            yield json.loads(line)
