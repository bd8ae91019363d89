"""Serve: a read-only SPARQL 1.1 Protocol endpoint over a store or a Turtle file.

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded ``query=`` or an
``application/sparql-query`` body) answer by content negotiation: SPARQL JSON,
XML, CSV or TSV for SELECT and ASK; Turtle or N-Triples for CONSTRUCT and
DESCRIBE. Updates are refused. Each query runs in a child process that is
killed when it passes the time limit, and an answer larger than the size limit
is refused, so one bad query cannot take the server down. ``GET /`` is a small
page with the named queries ready to run.

A store is reopened when ``kg add`` makes a new generation live, so the
endpoint answers with papers added while it runs.
"""

from __future__ import annotations

import html
import io
import multiprocessing
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.query import named_queries
from kg.store import Store, is_store, open_database
from kg.vocab import PREFIXES

__all__ = ["EndpointLimits", "endpoint_url", "make_server", "serve"]

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# What clients such as SPARQLWrapper send as ?format= instead of a media type.
_SHORT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
}
_Format = TypeVar("_Format")
_UPDATE_TYPE = "application/sparql-update"
_QUERY_TYPE = "application/sparql-query"
_FORM_TYPE = "application/x-www-form-urlencoded"
_MAX_REQUEST_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class EndpointLimits:
    """How long one query may run and how large its answer may be."""

    seconds: float = 30.0
    answer_bytes: int = 50_000_000


class _AnswerTooLarge(Exception):
    pass


class _BoundedBuffer(io.BytesIO):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.limit:
            raise _AnswerTooLarge
        return super().write(data)


class _Dataset:
    """What the endpoint answers from: a store (reopened per query, so a new generation answers) or a Turtle file."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path) if is_store(path) else None
        self.memory = None if self.store else open_database(path)

    def open(self) -> ox.Store:
        """The database to query."""
        return self.memory if self.memory is not None else self.store.oxigraph()  # type: ignore[union-attr]


def _answer(dataset: _Dataset, query: str, accept: str, limits: EndpointLimits, reply: Connection) -> None:
    """Run in the child process: send back (status, content type, body)."""
    try:
        result = dataset.open().query(query, prefixes=PREFIXES)
        out = _BoundedBuffer(limits.answer_bytes)
        if isinstance(result, ox.QueryTriples):
            media, rdf_format = _negotiate(accept, _GRAPH_TYPES)
            result.serialize(out, rdf_format)
        else:
            media, results_format = _negotiate(accept, _RESULT_TYPES)
            result.serialize(out, results_format)
        reply.send((HTTPStatus.OK, media, out.getvalue()))
    except SyntaxError as err:
        reply.send((HTTPStatus.BAD_REQUEST, "text/plain", f"malformed query: {err}".encode()))
    except _AnswerTooLarge:
        message = f"the answer is larger than {limits.answer_bytes:,} bytes; add a LIMIT or narrow the query"
        reply.send((HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", message.encode()))
    except Exception as err:  # an engine error must reach the client, not kill the child silently
        reply.send((HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", f"query failed: {err}".encode()))


def _negotiate(accept: str, offered: Mapping[str, _Format]) -> tuple[str, _Format]:
    """The first acceptable media type we offer, by the client's q-values; our first one for */* or nothing."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        quality = next((float(p[2:]) for p in parameters if p.startswith("q=") and _is_number(p[2:])), 1.0)
        ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media, offered[media]
        if media in {"*/*", "application/*", "text/*", ""}:
            break
    first = next(iter(offered))
    return first, offered[first]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _run_limited(dataset: _Dataset, query: str, accept: str, limits: EndpointLimits) -> tuple[int, str, bytes]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(dataset, query, accept, limits, send), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(limits.seconds):
            return receive.recv()
        message = f"the query ran past the time limit of {limits.seconds:g} s and was stopped"
        return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", message.encode()
    except EOFError:
        return HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", b"the query process ended without an answer"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()


def _query_page() -> bytes:
    options = "".join(
        f'<option value="{html.escape(q.text, quote=True)}">{html.escape(name)}: {html.escape(q.description)}</option>'
        for name, q in named_queries().items()
    )
    first = next(iter(named_queries().values())).text
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PaperKG SPARQL</title>
<style>body{{font:15px system-ui,sans-serif;margin:2em;max-width:70em}}
textarea{{width:100%;height:20em;font:13px monospace}} select{{max-width:100%}}</style></head>
<body><h1>PaperKG SPARQL endpoint</h1>
<p>Read-only. The prefixes kg:, schema:, oa:, rdfs: and skos: are declared. Named queries that take a
value say "bind ?name": replace the variable with a literal, or use <code>kg query --bind</code>.</p>
<form method="post" action="/sparql"><p><label>Named query
<select onchange="this.form.query.value=this.value">{options}</select></label></p>
<textarea name="query">{html.escape(first)}</textarea>
<p><label>Answer as <select name="format">
<option>application/sparql-results+json</option><option>text/csv</option><option>text/tab-separated-values</option>
<option>application/sparql-results+xml</option><option>text/turtle</option></select></label>
<button>Run</button></p></form></body></html>"""
    return page.encode("utf-8")


def _handler(dataset: _Dataset, limits: EndpointLimits) -> type[BaseHTTPRequestHandler]:
    class SparqlHandler(BaseHTTPRequestHandler):
        server_version = "PaperKG-SPARQL"

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", _query_page())
            elif url.path == "/sparql":
                self._query(parse_qs(url.query))
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found: the endpoint is /sparql")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            if url.path != "/sparql":
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found: the endpoint is /sparql")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_REQUEST_BYTES:
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"the request is too large")
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == _UPDATE_TYPE:
                self._refuse_update()
            elif media == _QUERY_TYPE:
                self._query({**parse_qs(url.query), "query": [body]})
            elif media == _FORM_TYPE:
                self._query(parse_qs(body))
            else:
                message = f"send the query as {_FORM_TYPE} or {_QUERY_TYPE}, not {media or 'no content type'}"
                self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain", message.encode())

        def _query(self, parameters: dict[str, list[str]]) -> None:
            if "update" in parameters:
                self._refuse_update()
                return
            queries = parameters.get("query", [])
            if len(queries) != 1 or not queries[0].strip():
                self._send(HTTPStatus.BAD_REQUEST, "text/plain", b"give exactly one non-empty 'query' parameter")
                return
            chosen = parameters.get("format", [""])[0]
            accept = _SHORT_FORMATS.get(chosen.lower(), chosen) or self.headers.get("Accept") or ""
            status, media, body = _run_limited(dataset, queries[0], accept, limits)
            if status == HTTPStatus.BAD_REQUEST and _looks_like_update(queries[0]):
                self._refuse_update()
                return
            self._send(status, media, body)

        def _refuse_update(self) -> None:
            self._send(HTTPStatus.FORBIDDEN, "text/plain", b"this endpoint is read-only: SPARQL updates are refused")

        def _send(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            if media.startswith("text/") and "charset" not in media:
                media += "; charset=utf-8"
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return SparqlHandler


def _looks_like_update(query: str) -> bool:
    words = {w.upper() for w in query.replace("{", " ").split()}
    return bool(words & {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE"}) and "SELECT" not in words


def make_server(
    path: str | Path, host: str = "127.0.0.1", port: int = 7878, limits: EndpointLimits | None = None
) -> ThreadingHTTPServer:
    """An HTTP server for the store or Turtle file at ``path``; call ``serve_forever()`` on it (port 0: any free port).

    Raises:
        KGError: if ``path`` is neither a store nor a readable Turtle file.
    """
    dataset = _Dataset(Path(path))
    return ThreadingHTTPServer((host, port), _handler(dataset, limits or EndpointLimits()))


def endpoint_url(server: ThreadingHTTPServer) -> str:
    """The URL of a server's SPARQL endpoint."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/sparql"


def serve(
    path: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: EndpointLimits | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``path`` until interrupted; ``on_ready`` is told the endpoint's URL once it listens."""
    server = make_server(path, host, port, limits)
    if on_ready is not None:
        on_ready(endpoint_url(server))
    with server:
        server.serve_forever()
