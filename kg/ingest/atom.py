"""Ingest, arXiv Atom: the XML feed that arXiv's export API returns, parsed safely (defusedxml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from kg.errors import IngestError
from kg.ingest.records import Record, record_from_fields
from kg.ingest.seeds import read_whole
from kg.model import SourceLine

__all__ = ["read_atom_file"]

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ENTRY_START = re.compile(rb"<(?:\w+:)?entry[\s>]")


def read_atom_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    """Read every ``<entry>`` of an arXiv Atom feed; XML entities and DTDs are refused, not expanded."""
    data = read_whole(path, label)
    if isinstance(data, IngestError):
        yield data
        return
    try:
        feed = fromstring(data)
    except ParseError as err:
        line, column = err.position
        reason = str(err).split(":")[0]
        yield IngestError(label, line, f"not well-formed XML at column {column + 1}: {reason}")
        return
    except DefusedXmlException as err:
        yield IngestError(label, 0, f"refused unsafe XML: {type(err).__name__}")
        return
    if feed.tag != f"{ATOM}feed":
        yield IngestError(label, 1, f"not an Atom feed: the root element is {feed.tag!r}")
        return
    # ElementTree keeps no line numbers; entries do not nest, so the n-th <entry> tag is the n-th entry.
    lines = [data[: match.start()].count(b"\n") + 1 for match in _ENTRY_START.finditer(data)]
    for number, entry in enumerate(feed.iter(f"{ATOM}entry")):
        yield record_from_fields(SourceLine(label, lines[number] if number < len(lines) else 0), _fields(entry))


def _fields(entry: Element) -> dict[str, object]:
    def text(tag: str) -> str:
        found = entry.find(tag)
        return found.text or "" if found is not None else ""

    alternate = next((link.get("href", "") for link in entry.iter(f"{ATOM}link") if link.get("rel") == "alternate"), "")
    return {
        "id": text(f"{ATOM}id"),
        "title": text(f"{ATOM}title"),
        "summary": text(f"{ATOM}summary"),
        "authors": [name.text or "" for name in entry.iter(f"{ATOM}name")],
        "year": text(f"{ATOM}published")[:4],
        "venue": text(f"{ARXIV}journal_ref"),
        "doi": text(f"{ARXIV}doi"),
        "url": alternate or text(f"{ATOM}id"),
    }
