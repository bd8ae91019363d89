"""PaperKG: turn research-paper abstracts into a knowledge graph.

>>> import kg
>>> graph = kg.build(["seeds/"])                    # doctest: +SKIP
>>> [p.paper_id for p in graph.papers_mentioning("GRPO")]  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from kg.api import KnowledgeGraph, load
from kg.errors import ExportError, IngestError, KGError, QueryError
from kg.model import BuildSummary, Entity, EntityType, Mention, Paper
from kg.pipeline import build
from kg.vocab import DEFAULT_BASE_IRI

__all__ = [
    "DEFAULT_BASE_IRI",
    "BuildSummary",
    "Entity",
    "EntityType",
    "ExportError",
    "IngestError",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "Paper",
    "QueryError",
    "__version__",
    "build",
    "load",
]

try:
    __version__ = version("paperkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
