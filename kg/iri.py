"""IRI minting: the only place where papers, entities and mentions get their IRIs."""

from __future__ import annotations

import hashlib
import re

from kg.errors import KGError
from kg.normalise import name_key

__all__ = [
    "entity_iri",
    "family_iri",
    "mention_iri",
    "paper_id_for",
    "paper_iri",
    "person_iri",
    "result_iri",
    "statement_iri",
    "validate_base_iri",
]

_READABLE_KEY = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*(?: [a-z0-9]+(?:\.[a-z0-9]+)*)*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Characters rdflib refuses to serialise in an IRI (rdflib.term._invalid_uri_chars).
_INVALID_IRI_CHARS = re.compile(r'[<>" {}|\\^`\x00-\x20]')


def _digest(text: str, length: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def validate_base_iri(base: str) -> str:
    """Return ``base`` if it can prefix our IRIs, else raise ``KGError``.

    Example:
        >>> validate_base_iri("https://example.org/kg/")
        'https://example.org/kg/'
    """
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", base) or _INVALID_IRI_CHARS.search(base):
        raise KGError(f"base IRI {base!r} is not an absolute IRI")
    if not base.endswith(("/", "#")):
        raise KGError(f"base IRI {base!r} must end with '/' or '#' so that names can follow it")
    return base


def paper_id_for(normalised_text: str) -> str:
    """Return the stable id of a paper whose abstract normalises to ``normalised_text``."""
    return _digest(normalised_text, 16)


def paper_iri(base: str, paper_id: str) -> str:
    """Return the IRI of a paper."""
    return f"{base}paper/{paper_id}"


def entity_slug(key: str) -> str:
    """Return the path segment for an entity key: readable when the key allows it.

    Keys made only of lower-case letters, digits, dots and single spaces map
    one-to-one onto slugs; any other key gets a readable part plus a hash, so
    two keys never share a slug.

    Example:
        >>> entity_slug("group relative policy optimization")
        'group-relative-policy-optimization'
        >>> entity_slug("théorie") == entity_slug("théorie")
        True
    """
    if _READABLE_KEY.fullmatch(key):
        return key.replace(" ", "-")
    readable = _NOT_SLUG.sub("-", key).strip("-")[:48]
    return f"{readable}-{_digest(key, 10)}" if readable else _digest(key, 10)


def entity_iri(base: str, key: str) -> str:
    """Return the IRI of the entity whose normalised name is ``key``."""
    return f"{base}entity/{entity_slug(key)}"


def person_iri(base: str, name: str) -> str:
    """Return the IRI of an author, from their name as written (case and accents ignored)."""
    return f"{base}person/{entity_slug(name_key(name))}"


def family_iri(base: str, family: str) -> str:
    """Return the IRI of a model family ("Qwen", "Llama")."""
    return f"{base}family/{entity_slug(name_key(family))}"


def statement_iri(base: str, paper_id: str, statement: str) -> str:
    """Return the IRI of the evidence node of a relation a paper states."""
    return f"{base}statement/{paper_id}/{_digest(statement, 12)}"


def result_iri(base: str, paper_id: str, start: int, end: int) -> str:
    """Return the IRI of the result claimed at ``start``..``end`` of a paper's abstract."""
    return f"{base}result/{paper_id}/{start}-{end}"


def mention_iri(base: str, paper_id: str, start: int, end: int) -> str:
    """Return the IRI of the mention at ``start``..``end`` of a paper's abstract."""
    return f"{base}mention/{paper_id}/{start}-{end}"
