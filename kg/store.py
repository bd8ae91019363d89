"""Store: keep the graph in an on-disk Oxigraph database that grows paper by paper.

A store is a folder of generations. Each generation holds a complete Oxigraph
database, the extractions it was resolved from (so that adding papers never
extracts the old ones again) and a manifest. ``CURRENT`` names the live
generation and is replaced atomically once a new one is complete, so a build
that is killed part-way leaves the store as it was.

Adding papers re-resolves every extraction: an acronym first seen alone and
later defined in a new paper must become one node with its long form, which
can change the entity of old mentions.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import time
import types
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TextIO, Union, cast, get_args, get_origin, get_type_hints

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KGError
from kg.graph import Text, write_triples
from kg.model import Corpus, Extraction
from kg.resolve import resolve
from kg.vocab import PREFIXES, bind_prefixes

__all__ = ["EXPORT_FORMATS", "Store", "StoreUpdate", "export", "is_store", "open_database"]

_CURRENT = "CURRENT"
_FORMAT_VERSION = 1
EXPORT_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
"""Export formats by file suffix; Oxigraph writes each as a stream."""


@dataclass(frozen=True, slots=True)
class StoreUpdate:
    """What one build or add did to a store."""

    papers_before: int
    papers_added: int
    papers_already_there: int
    papers: int
    entities: int
    triples: int
    seconds_resolving: float
    seconds_writing: float


def is_store(path: Path) -> bool:
    """Whether ``path`` is a PaperKG store folder."""
    return (path / _CURRENT).is_file()


def open_database(path: str | Path) -> ox.Store:
    """An Oxigraph database for a store folder (read-only, on disk) or a Turtle file (read into memory).

    Raises:
        KGError: if ``path`` is neither, or the Turtle does not parse (with the line).
    """
    path = Path(path)
    if is_store(path):
        return Store(path).oxigraph()
    if path.is_dir() and (path / "graph.ttl").is_file():
        path = path / "graph.ttl"
    if not path.is_file():
        raise KGError(f"{path}: neither a store folder nor a Turtle file")
    database = ox.Store()
    try:
        database.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise KGError(f"{path}: not valid Turtle: {err}") from err
    return database


def export(source: str | Path, destination: str | Path) -> Path:
    """Write the store or Turtle graph at ``source`` to ``destination`` as Turtle, N-Triples or JSON-LD.

    Oxigraph streams the triples out, so memory does not grow with the export,
    and ``destination`` is replaced only once the file is complete.

    Raises:
        KGError: for an unknown suffix, or a source that is not a graph.
    """
    destination = Path(destination)
    rdf_format = EXPORT_FORMATS.get(destination.suffix)
    if rdf_format is None:
        raise KGError(f"{destination}: export as one of {', '.join(EXPORT_FORMATS)}")
    database = open_database(source)
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        database.dump(str(partial), rdf_format, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


class Store:
    """A PaperKG store on disk: create it with ``Store(path).replace(...)`` or grow it with ``add``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise KGError(f"{self.path}: a store is a folder, and this is a file")
        self._read: tuple[str, tuple[Extraction, ...]] | None = None

    # -- reading -----------------------------------------------------------------------------------------------------

    def _generation(self) -> Path | None:
        if not is_store(self.path):
            return None
        return self.path / (self.path / _CURRENT).read_text(encoding="utf-8").strip()

    def _live(self) -> Path:
        generation = self._generation()
        if generation is None:
            raise KGError(f"{self.path}: not a PaperKG store (no {_CURRENT} file); make one with `kg build --store`")
        return generation

    def manifest(self) -> dict[str, Any]:
        """The live generation's manifest: base IRI, counts, and when it was written."""
        return json.loads((self._live() / "manifest.json").read_text(encoding="utf-8"))

    @property
    def generation(self) -> str:
        """The name of the live generation; it changes with every build or add."""
        return self._live().name

    def extractions(self) -> tuple[Extraction, ...]:
        """The extractions the live generation was resolved from, in the order they were added.

        Decoded once per generation: an add asks for them to skip known papers and again to re-resolve.
        """
        generation = self._generation()
        if generation is None:
            return ()
        if self._read is None or self._read[0] != generation.name:
            with gzip.open(generation / "extractions.jsonl.gz", "rt", encoding="utf-8") as lines:
                self._read = (generation.name, tuple(decode(Extraction, json.loads(line)) for line in lines))
        return self._read[1]

    def oxigraph(self) -> ox.Store:
        """The live Oxigraph database, opened read-only (many readers may share it)."""
        return ox.Store.read_only(str(self._live() / "oxigraph"))

    def rdflib_graph(self) -> Graph:
        """An rdflib ``Graph`` over the live database (via oxrdflib); SPARQL runs in Oxigraph."""
        graph = Graph(store=OxigraphStore(store=self.oxigraph()), identifier=DATASET_DEFAULT_GRAPH_ID)
        return bind_prefixes(graph, self.manifest()["base_iri"])

    def export(self, destination: str | Path) -> Path:
        """Write the graph to ``destination`` (.ttl, .nt or .jsonld); see ``export``."""
        return export(self.path, destination)

    # -- writing -----------------------------------------------------------------------------------------------------

    def replace(self, extractions: Iterable[Extraction], base_iri: str) -> StoreUpdate:
        """Make the store hold exactly these papers (what ``kg build --store`` does)."""
        return self._write(extractions, base_iri, keep_old=False)

    def add(self, extractions: Iterable[Extraction], base_iri: str | None = None) -> StoreUpdate:
        """Add papers; a paper already in the store (same id) is left as it is, so adding twice changes nothing."""
        generation = self._generation()
        if base_iri is None:
            base_iri = self.manifest()["base_iri"] if generation else None
        if base_iri is None:
            raise KGError(f"{self.path}: no store here to add to and no base IRI to start one")
        return self._write(extractions, base_iri, keep_old=True)

    def _write(self, extractions: Iterable[Extraction], base_iri: str, *, keep_old: bool) -> StoreUpdate:
        self.path.mkdir(parents=True, exist_ok=True)
        old = list(self.extractions()) if keep_old else []
        known = {extraction.paper.paper_id for extraction in old}
        new, repeated = [], 0
        for extraction in extractions:
            if extraction.paper.paper_id in known:
                repeated += 1
            else:
                known.add(extraction.paper.paper_id)
                new.append(extraction)
        everything = old + new
        started = time.perf_counter()
        corpus = resolve(everything)
        resolved = time.perf_counter()
        staging = self.path / f".staging-{os.getpid()}-{time.time_ns()}"
        try:
            staging.mkdir()
            triples = _write_generation(staging, corpus, everything, base_iri)
            generation = self._next_generation_name()
            os.replace(staging, self.path / generation)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._make_live(generation)
        self._read = (generation, tuple(everything))
        return StoreUpdate(
            papers_before=len(old),
            papers_added=len(new),
            papers_already_there=repeated,
            papers=len(corpus.papers),
            entities=len(corpus.entities),
            triples=triples,
            seconds_resolving=resolved - started,
            seconds_writing=time.perf_counter() - resolved,
        )

    def _next_generation_name(self) -> str:
        numbers = [int(p.name.removeprefix("g")) for p in self.path.glob("g[0-9]*") if p.name[1:].isdigit()]
        return f"g{max(numbers, default=0) + 1:06d}"

    def _make_live(self, generation: str) -> None:
        pointer = self.path / f".{_CURRENT}.{os.getpid()}"
        pointer.write_text(generation + "\n", encoding="utf-8")
        with pointer.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, self.path / _CURRENT)
        # Keep the one before: a server that opened it a moment ago may still be reading it.
        for stale in sorted(self.path.glob("g[0-9]*"))[:-2]:
            shutil.rmtree(stale, ignore_errors=True)
        # Another add may be writing its own staging folder now; only a dead process's is left over.
        for staging in self.path.glob(".staging-*"):
            if not _process_alive(int(staging.name.split("-")[1])):
                shutil.rmtree(staging, ignore_errors=True)


def _write_generation(folder: Path, corpus: Corpus, extractions: list[Extraction], base_iri: str) -> int:
    """Write a complete generation into ``folder``: database, extractions and manifest; return the triple count."""
    triples_file = folder / "triples.nt"
    with triples_file.open("w", encoding="utf-8", buffering=1 << 20) as out:
        write_triples(corpus, base_iri, _NTriplesWriter(out))
    database = ox.Store(str(folder / "oxigraph"))
    with ThreadPoolExecutor(max_workers=1) as beside:  # Oxigraph loads without the GIL
        extractions_written = beside.submit(_write_extractions, folder / "extractions.jsonl.gz", extractions)
        database.bulk_load(path=str(triples_file), format=ox.RdfFormat.N_TRIPLES)
        database.optimize()  # compacts what the bulk load wrote: queries on 10,000 papers take half the time
        extractions_written.result()
    triples_file.unlink()
    triples = len(database)
    database.flush()
    manifest = {
        "format": _FORMAT_VERSION,
        "base_iri": base_iri,
        "papers": len(corpus.papers),
        "entities": len(corpus.entities),
        "triples": triples,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return triples


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        return True
    return True


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _NTriplesWriter:
    """A triple sink that writes N-Triples to a text file, for Oxigraph's bulk loader to read in one go.

    Text is the cheapest way into Oxigraph from Python: making its term
    objects one by one cost twice as much, and loading one file beats loading
    many batches.
    """

    def __init__(self, out: TextIO) -> None:
        self.write = out.write

    def add(self, subject: str, predicate: str, value: str | Text, /) -> None:
        if isinstance(value, str):
            self.write(f"<{subject}> <{predicate}> <{value}> .\n")
        elif value.datatype is None:
            self.write(f'<{subject}> <{predicate}> "{value.lexical.translate(_NT_ESCAPES)}" .\n')
        else:
            lexical = value.lexical.translate(_NT_ESCAPES)
            self.write(f'<{subject}> <{predicate}> "{lexical}"^^<{value.datatype}> .\n')


def _write_extractions(path: Path, extractions: list[Extraction]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as out:
        for extraction in extractions:
            out.write(json.dumps(encode(extraction), ensure_ascii=False, separators=(",", ":")) + "\n")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # by class: dataclasses.fields is slow, and encode runs per value


def encode(value: Any) -> Any:
    """A dataclass as nested JSON lists, field by field; enums by value."""
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()
    if names:
        return [encode(getattr(value, name)) for name in names]
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def decode(kind: Any, data: Any) -> Any:
    """The inverse of ``encode``, guided by the type annotations of our data classes."""
    return _decoder(kind)(data)


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    if is_dataclass(kind):
        hints = get_type_hints(kind)
        parts = [_decoder(hints[f.name]) for f in fields(kind)]
        make = cast(Callable[..., Any], kind)
        return lambda data: make(*(part(item) for part, item in zip(parts, data, strict=True)))
    origin, arguments = get_origin(kind), get_args(kind)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _decoder(arguments[0])
        return lambda data: tuple(item(x) for x in data)
    if origin is tuple:
        items = [_decoder(argument) for argument in arguments]
        return lambda data: tuple(part(x) for part, x in zip(items, data, strict=True))
    if origin in (Union, types.UnionType):
        (inner,) = [argument for argument in arguments if argument is not type(None)]
        decode_inner = _decoder(inner)
        return lambda data: None if data is None else decode_inner(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return lambda data: data
