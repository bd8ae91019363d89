"""Extract, shared text helpers for the components that search the raw text with patterns."""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

__all__ = ["mask_urls", "masked_text_of", "sentences_of", "text_of"]

_URL = re.compile(r"(?:https?://|www\.)\S+")


def mask_urls(text: str) -> str:
    """Return ``text`` with every URL blanked out, keeping all offsets.

    Names inside a URL ("github.com/RM-R1-UIUC/RM-R1") are part of an address, not mentions.

    Example:
        >>> text = "code at https://github.com/RM-R1-UIUC/RM-R1 for RM-R1"
        >>> masked = mask_urls(text)
        >>> len(masked) == len(text), masked.count("RM-R1"), masked.startswith("code at  ")
        (True, 1, True)
    """
    return _URL.sub(lambda m: " " * len(m.group()), text)


def sentences_of(doc: Doc) -> list[Span]:
    """The sentences of a doc that has sentence starts, found once and kept in ``doc.user_data``.

    ``Doc.sents`` walks every token in Python each time it is asked; reading the
    sentence-start column as an array is one C call.
    """
    cached = doc.user_data.get("kg_sentences")
    if cached is None:
        starts = [int(i) for i in (doc.to_array(SENT_START) == 1).nonzero()[0]] or [0]
        bounds = [*starts[1:], len(doc)]
        cached = doc.user_data["kg_sentences"] = [
            doc[start:end] for start, end in zip(starts, bounds, strict=True) if end > start
        ]
    return cached


def text_of(doc: Doc) -> str:
    """The doc's text, joined from its tokens once (``Doc.text`` joins them on every call)."""
    if "kg_text" not in doc.user_data:
        doc.user_data["kg_text"] = doc.text
    return doc.user_data["kg_text"]


def masked_text_of(doc: Doc) -> str:
    """The doc's text with URLs blanked (``mask_urls``), made once per doc."""
    if "kg_masked_text" not in doc.user_data:
        doc.user_data["kg_masked_text"] = mask_urls(text_of(doc))
    return doc.user_data["kg_masked_text"]
