"""CLI: ``kg build``, ``add``, ``view``, ``query``, ``export``, ``serve`` and ``eval``: thin wrappers over the API."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.api import load
from kg.errors import KGError
from kg.evaluate import DATASETS, evaluate, format_evaluation
from kg.export.views import DEFAULT_MAX_NODES
from kg.extract import build_pipeline
from kg.model import BuildSummary
from kg.pipeline import build, build_store
from kg.query import format_table, named_queries, named_query, select
from kg.serve import EndpointLimits, serve
from kg.store import export
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["main"]


_WORKERS = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that extract in parallel; the output is the same for any number.",
)


_RECOGNISER = click.option(
    "--recogniser", is_flag=True, help="Also run the trained statistical recogniser (finds generic terms; slower)."
)


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
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write an on-disk Oxigraph store here instead of graph.ttl and graph.html (for large corpora).",
)
@_WORKERS
@_RECOGNISER
def build_command(
    sources: tuple[Path, ...], out: Path, base_iri: str, store: Path | None, workers: int, recogniser: bool
) -> None:
    """Build the graph of the abstracts in SOURCES (seed files, bibliographies, or folders of them)."""
    if store is not None:
        _store_command(sources, store, base_iri=base_iri, workers=workers, recogniser=recogniser, add=False)
        return
    started = time.perf_counter()
    try:
        graph = build(sources, base_iri=base_iri, workers=workers, recogniser=recogniser)
        turtle, html = graph.save(out)
    except KGError as err:
        raise click.ClickException(str(err)) from err
    assert graph.summary is not None  # build() always sets it
    for problem in graph.summary.skipped:
        click.echo(f"skipped {problem}", err=True)
    click.echo(_summary_text(graph.summary, turtle, html, time.perf_counter() - started))


@main.command("add")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), required=True, help="The store to add to.")
@_WORKERS
@_RECOGNISER
def add_command(sources: tuple[Path, ...], store: Path, workers: int, recogniser: bool) -> None:
    """Add the papers in SOURCES to a store; papers already there are left as they are."""
    _store_command(sources, store, base_iri=None, workers=workers, recogniser=recogniser, add=True)


def _store_command(
    sources: tuple[Path, ...], store: Path, *, base_iri: str | None, workers: int, recogniser: bool, add: bool
) -> None:
    started = time.perf_counter()
    try:
        ingested, update = build_store(
            sources, store, add=add, base_iri=base_iri, workers=workers, recogniser=recogniser
        )
    except KGError as err:
        raise click.ClickException(str(err)) from err
    for problem in ingested.problems:
        click.echo(f"skipped {problem}", err=True)
    lines = [
        f"papers read:        {len(ingested.papers)} (from {ingested.records_read} records)",
        f"duplicates merged:  {ingested.duplicates_merged}",
        f"records skipped:    {len(ingested.problems)}",
        f"already in store:   {update.papers_already_there}" if add else "",
        f"papers added:       {update.papers_added}",
        f"store now holds:    {update.papers} papers, {update.entities} entities, {update.triples} triples",
        f"store:              {store}",
        f"time taken:         {time.perf_counter() - started:.2f} s",
    ]
    click.echo("\n".join(line for line in lines if line))


@main.command("export")
@click.argument("graph_path", type=click.Path(path_type=Path))
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def export_command(graph_path: Path, destination: Path) -> None:
    """Write the store or graph at GRAPH_PATH to DESTINATION as Turtle (.ttl), N-Triples (.nt) or JSON-LD (.jsonld)."""
    try:
        written = export(graph_path, destination)
    except KGError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"wrote {written}")


@main.command("serve")
@click.argument("graph_path", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free one).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds per query.")
@click.option(
    "--max-answer-bytes", type=click.IntRange(min=1), default=50_000_000, show_default=True, help="Largest answer."
)
def serve_command(graph_path: Path, host: str, port: int, timeout: float, max_answer_bytes: int) -> None:
    """Serve GRAPH_PATH (a store, or a Turtle file) as a read-only SPARQL endpoint."""
    try:
        serve(graph_path, host, port, EndpointLimits(timeout, max_answer_bytes), on_ready=_announce)
    except (KGError, OSError) as err:
        raise click.ClickException(str(err)) from err
    except KeyboardInterrupt:
        pass


def _announce(url: str) -> None:
    click.echo(f"SPARQL endpoint at {url} (query page at /); Ctrl-C stops it")


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
@_RECOGNISER
def eval_command(dataset: str, split: str, shared: Path, recogniser: bool) -> None:
    """Score extraction against DATASET's gold annotations: P/R/F1 per label, exact and partial."""
    try:
        evaluation = evaluate(dataset, split, shared, build_pipeline(recogniser))
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
