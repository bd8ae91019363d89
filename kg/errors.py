"""Errors: one root class for everything PaperKG raises, a subclass per stage."""

from __future__ import annotations

__all__ = ["ExportError", "IngestError", "KGError", "QueryError"]


class KGError(Exception):
    """Root of every error PaperKG raises on purpose."""


class IngestError(KGError):
    """An input record could not be read; names the file and the line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}")


class ExportError(KGError):
    """A graph could not be written in the requested format."""


class QueryError(KGError):
    """A SPARQL query could not be parsed or run, or a named query is unknown."""
