"""CLI: ``kg build``, ``kg view``, ``kg query`` and ``kg eval``, thin wrappers over the public API."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.api import load
from kg.errors import KGError
from kg.evaluate import DATASETS, evaluate, format_evaluation
from kg.export.views import DEFAULT_MAX_NODES
from kg.model import BuildSummary
from kg.pipeline import build
from kg.query import format_table, named_queries, named_query, select
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["main"]


@click.group()
@click.version_option(package_name="paperkg")
def main() -> None:
    """PaperKG: turn research-paper abstracts into a knowledge graph."""


@main.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write graph.ttl and graph.html into.",
)
@click.option(
    "--base-iri",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Namespace for the IRIs of papers, entities and mentions.",
)
def build_command(sources: tuple[Path, ...], out: Path, base_iri: str) -> None:
    """Build the graph of the abstracts in SOURCES (seed files or folders of them)."""
    started = time.perf_counter()
    try:
        graph = build(sources, base_iri=base_iri)
        turtle, html = graph.save(out)
    except KGError as err:
        raise click.ClickException(str(err)) from err
    assert graph.summary is not None  # build() always sets it
    for problem in graph.summary.skipped:
        click.echo(f"skipped {problem}", err=True)
    click.echo(_summary_text(graph.summary, turtle, html, time.perf_counter() - started))


def _summary_text(summary: BuildSummary, turtle: Path, html: Path, seconds: float) -> str:
    entities = sum(count for _, count in summary.entities_by_type)
    by_type = ", ".join(f"{name} {count}" for name, count in summary.entities_by_type)
    return "\n".join(
        [
            f"papers read:        {summary.papers} (from {summary.records_read} records)",
            f"duplicates merged:  {summary.duplicates_merged}",
            f"records skipped:    {len(summary.skipped)}",
            f"entities:           {entities} ({by_type})" if entities else "entities:           0",
            f"mentions:           {summary.mentions}",
            f"triples written:    {summary.triples}",
            f"files:              {turtle}, {html}",
            f"time taken:         {seconds:.2f} s",
        ]
    )


@main.command("view")
@click.argument("graph_path", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("exports/view.html"),
    show_default=True,
    help="The page to write.",
)
@click.option("--co-mentions", is_flag=True, help="Draw entities only, linked by how many papers mention both.")
@click.option("--focus", help="Draw only the neighbourhood of the entity with this name (any alias).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Steps from --focus.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Above this many nodes keep the most connected, and say on the page what was left out.",
)
def view_command(graph_path: Path, out: Path, co_mentions: bool, focus: str | None, depth: int, max_nodes: int) -> None:
    """Write an HTML viewer page for GRAPH_PATH (a graph.ttl, or the folder holding it)."""
    try:
        page = load(graph_path).write_view(out, co_mentions=co_mentions, focus=focus, depth=depth, max_nodes=max_nodes)
    except KGError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"wrote {page}")


@main.command("eval")
@click.argument("dataset", type=click.Choice(sorted(DATASETS)))
@click.option(
    "--split", default="dev", show_default=True, help="Which split to score (test splits are for reported figures)."
)
@click.option(
    "--shared",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared"),
    show_default=True,
    help="The shared folder holding eval/.",
)
def eval_command(dataset: str, split: str, shared: Path) -> None:
    """Score extraction against DATASET's gold annotations: P/R/F1 per label, exact and partial."""
    try:
        evaluation = evaluate(dataset, split, shared)
    except (ValueError, FileNotFoundError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(format_evaluation(evaluation), nl=False)


@main.command("query")
@click.argument("graph_path", required=False, type=click.Path(path_type=Path))
@click.argument("query_text", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the SPARQL query from this file.",
)
@click.option("--name", "query_name", help="Run one of the named queries (see --list).")
@click.option("--bind", "bindings", multiple=True, metavar="VAR=VALUE", help="Bind a query variable to a literal.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
def query_command(
    graph_path: Path | None,
    query_text: str | None,
    query_file: Path | None,
    query_name: str | None,
    bindings: tuple[str, ...],
    fmt: str,
    list_queries: bool,
) -> None:
    """Run a SPARQL query over GRAPH_PATH (a graph.ttl, or the folder holding it)."""
    if list_queries:
        for query in named_queries().values():
            click.echo(f"{query.name:22s} {query.description}")
        return
    given = [q for q in (query_text, query_file, query_name) if q]
    if graph_path is None or len(given) != 1:
        raise click.UsageError("give a graph and exactly one of: a query, --file, --name")
    try:
        text = _query_text(query_text, query_file, query_name)
        table = select(load(graph_path).rdf, text, _parse_bindings(bindings))
    except KGError as err:
        raise click.ClickException(str(err)) from err
    sys.stdout.write(format_table(table, fmt))


def _query_text(text: str | None, file: Path | None, name: str | None) -> str:
    if file is not None:
        return file.read_text(encoding="utf-8")
    if name is not None:
        return named_query(name).text
    return text or ""


def _parse_bindings(bindings: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for binding in bindings:
        variable, sep, value = binding.partition("=")
        if not sep or not variable.strip():
            raise click.UsageError(f"--bind takes VAR=VALUE, not {binding!r}")
        parsed[variable.strip().lstrip("?")] = value
    return parsed
