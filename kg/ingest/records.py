"""Ingest, records: what every reader yields, and the field clean-up they share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.errors import IngestError
from kg.model import SourceLine

__all__ = [
    "MAX_ABSTRACT_CHARS",
    "Record",
    "arxiv_identifier",
    "doi_identifier",
    "record_from_fields",
    "split_authors",
    "text_key",
]

MAX_ABSTRACT_CHARS = 100_000
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ARXIV = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?![\w.])", re.I)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as one input record gave it; several records may turn out to be one paper."""

    source: SourceLine
    abstract: str
    title: str = ""
    authors: tuple[str, ...] = ()
    year: str = ""
    venue: str = ""
    url: str = ""
    identifiers: tuple[str, ...] = ()


def clean_text(text: str) -> str:
    """Text with control characters dropped and runs of whitespace (arXiv's hard wraps) made one space."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def text_key(abstract: str) -> str:
    """The text a paper's identity is computed from: case, spacing and Unicode forms ignored."""
    return clean_text(unicodedata.normalize("NFKC", abstract)).casefold()


def arxiv_identifier(text: str) -> str:
    """Return ``arXiv:ID`` (version dropped) for text holding an arXiv id or URL, else "".

    Example:
        >>> arxiv_identifier("http://arxiv.org/abs/2402.03300v2"), arxiv_identifier("no id")
        ('arXiv:2402.03300', '')
    """
    match = _ARXIV.search(text or "")
    return f"arXiv:{match.group(1)}" if match else ""


def doi_identifier(text: str) -> str:
    """Return ``doi:DOI`` (lower case, as DOIs compare) for text holding a DOI or DOI URL, else "".

    Example:
        >>> doi_identifier("https://doi.org/10.48550/arXiv.2402.03300")
        'doi:10.48550/arxiv.2402.03300'
    """
    match = _DOI.search(text or "")
    return f"doi:{match.group(1).rstrip('.,;').lower()}" if match else ""


def split_authors(value: object) -> tuple[str, ...]:
    """Authors from a list, or from one string separated by " and ", ";" or "|"; "Last, First" turned round.

    Example:
        >>> split_authors("Shao, Zhihong and Peiyi Wang")
        ('Zhihong Shao', 'Peiyi Wang')
    """
    if isinstance(value, str):
        parts: Iterable[str] = re.split(r"\s+and\s+|;|\|", value)
    elif isinstance(value, list | tuple):
        parts = (str(part) for part in value)
    else:
        return ()
    authors = []
    for part in parts:
        name = clean_text(part)
        if name.count(",") == 1:
            last, first = (piece.strip() for piece in name.split(","))
            name = f"{first} {last}".strip()
        if name:
            authors.append(name)
    return tuple(authors)


def record_from_fields(source: SourceLine, fields: Mapping[str, object]) -> Record | IngestError:
    """Build a record from the usual bibliographic fields; unknown fields are ignored, missing ones allowed.

    The abstract is ``abstract`` (or arXiv's ``summary``), the link ``url`` (or
    arXiv's ``abs``); ``id``, ``arxiv``, ``eprint``, ``doi`` and the link give identifiers.
    """

    def text(*names: str) -> str:
        return next((clean_text(str(fields[n])) for n in names if fields.get(n) not in (None, "")), "")

    abstract = text("abstract", "summary")
    if not abstract:
        return IngestError(source.path, source.line, "the record has no abstract")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return IngestError(
            source.path,
            source.line,
            f"the abstract is {len(abstract):,} characters, over {MAX_ABSTRACT_CHARS:,}",
        )
    url = text("url", "abs")
    arxiv_sources = [text(name) for name in ("arxiv", "eprint", "id", "journal")]
    arxiv_sources.append(url if "arxiv" in url.lower() else "")
    identifiers = {next((found for found in map(arxiv_identifier, arxiv_sources) if found), "")}
    identifiers.add(doi_identifier(text("doi") or (url if "doi" in url.lower() else "")))
    return Record(
        source=source,
        abstract=abstract,
        title=text("title"),
        authors=split_authors(fields.get("authors", fields.get("author"))),
        year=text("year")[:4],
        venue=text("venue", "journal", "booktitle"),
        url=url,
        identifiers=tuple(sorted(identifiers - {""})),
    )
