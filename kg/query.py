"""Query: SPARQL over a graph, and the named queries shipped in ``kg/queries/``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from pyparsing import ParseException
from rdflib import Graph, Literal
from rdflib.query import Result, ResultRow

from kg.errors import QueryError
from kg.vocab import PREFIXES

__all__ = ["NamedQuery", "Table", "format_table", "named_queries", "named_query", "select"]

_FORMATS = ("table", "csv", "json")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The first "{" outside a comment line, string or IRI opens the outer group; IRIs and prefixes hold no "{".
_OUTER_GROUP = re.compile(r"^(?:[ \t]*(?:#[^\n]*)?\n)*?[^#{]*?\{", re.M)


@dataclass(frozen=True, slots=True)
class Table:
    """A query's answer: column names in SELECT order and rows of plain strings ("" when unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query shipped with PaperKG: its name, one-line description and SPARQL text."""

    name: str
    description: str
    text: str


def select(graph: Graph, text: str, bindings: Mapping[str, str] | None = None) -> Table:
    """Run a SPARQL SELECT (or ASK) query and return its answer as a table.

    Args:
        graph: the graph to query.
        text: the query; the ``kg:``, ``schema:``, ``oa:``, ``rdfs:`` and ``skos:`` prefixes are predeclared.
        bindings: values for query variables, bound as plain literals by a ``VALUES`` row that opens the
            query's outer group: escaped as RDF literals, so a value can never change the query.

    Raises:
        QueryError: if the query does not parse or is not a SELECT or ASK query.
    """
    try:
        result = graph.query(_with_values(text, bindings or {}), initNs=PREFIXES)
    except ParseException as err:
        raise QueryError(f"the query does not parse (line {err.lineno}, column {err.col}): {err.msg}") from err
    except Exception as err:  # rdflib raises bare exceptions for unknown prefixes and the like
        raise QueryError(f"the query could not be run: {err}") from err
    return _table(result)


def _with_values(text: str, bindings: Mapping[str, str]) -> str:
    """The query with one VALUES row for ``bindings`` at the start of its outer group.

    Oxigraph only substitutes variables that the query projects, and named
    queries filter on ones they do not; a VALUES row binds them in every engine.
    """
    if not bindings:
        return text
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    opening = _OUTER_GROUP.search(text)
    if opening is None:
        raise QueryError("the query has no group pattern to bind values in")
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(Literal(value).n3() for value in bindings.values())
    return f"{text[: opening.end()]} VALUES ({names}) {{ ({row}) }}{text[opening.end() :]}"


def _table(result: Result) -> Table:
    if result.type == "ASK":
        return Table(("ask",), ((str(bool(result.askAnswer)).lower(),),))
    if result.type != "SELECT":
        raise QueryError(f"only SELECT and ASK queries give a table; this is a {result.type} query")
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(
        tuple("" if value is None else str(value) for value in row) for row in result if isinstance(row, ResultRow)
    )
    return Table(columns, rows)


def named_queries() -> dict[str, NamedQuery]:
    """Return the shipped named queries by name; each file's first comment line describes it."""
    found = {}
    for entry in sorted(resources.files("kg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            description = text.splitlines()[0].lstrip("# ").strip()
            found[entry.name.removesuffix(".rq")] = NamedQuery(entry.name.removesuffix(".rq"), description, text)
    return found


def named_query(name: str) -> NamedQuery:
    """Return one named query, or raise ``QueryError`` listing the known names."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def format_table(table: Table, fmt: str = "table") -> str:
    """Render a table as aligned text, CSV, or JSON (a list of objects).

    Example:
        >>> print(format_table(Table(("a", "b"), (("1", "x"),)), "csv"), end="")
        a,b
        1,x
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(_FORMATS)}")
    return _aligned(table)


def _aligned(table: Table) -> str:
    cells = [table.columns, *table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    footer = f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})"
    return "\n".join([*lines, footer]) + "\n"
