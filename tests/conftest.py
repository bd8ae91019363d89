"""Shared fixtures: the real seed abstracts, the pipeline and the graph built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import kg
from kg.extract import build_pipeline, extract
from kg.ingest import read_papers
from kg.model import Corpus, Extraction, Paper
from kg.resolve import resolve

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT / "schemas"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def seed_lines() -> list[str]:
    """Every abstract line of the seed files, in file order."""
    return [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]


def seed_abstract(opening: str) -> str:
    """The seed abstract (without its prefix) that starts with ``opening``."""
    return next(line.removeprefix("Abstract:") for line in seed_lines() if line.startswith("Abstract:" + opening))


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def seed_papers() -> tuple[Paper, ...]:
    return read_papers([SEEDS]).papers


@pytest.fixture(scope="session")
def seed_extractions(seed_papers, nlp) -> list[Extraction]:
    return list(extract(seed_papers, nlp))


@pytest.fixture(scope="session")
def seed_corpus(seed_extractions) -> Corpus:
    return resolve(seed_extractions)


@pytest.fixture(scope="session")
def seed_graph() -> kg.KnowledgeGraph:
    return kg.build([SEEDS])


@pytest.fixture
def write_seed(tmp_path):
    """Write a seed file from text or bytes and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def require_tool(name: str) -> str:
    """The path of a command-line tool, or skip: CI installs every tool the tests use."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found
