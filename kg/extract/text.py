"""Extract, shared text helpers: word splits, sentence starts, and the raw text that the rule components search.

spaCy rebuilds ``Doc.text``, ``Span.text`` and ``Doc.sents`` from Token objects
on every call, which cost more than all our rules together; here each is made
once per doc from the text we were given and from token arrays.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, not in the stubs
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

__all__ = [
    "SENTENCE_SPLITTER",
    "make_doc",
    "mask_urls",
    "masked_text_of",
    "sentences_of",
    "span_text",
    "split_ties_and_version_lists",
    "text_of",
]

SENTENCE_SPLITTER = "kg_sentences"
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SENTENCE_ENDS = frozenset(hash_string(mark) for mark in Sentencizer.default_punct_chars)
# A LaTeX tie before a digit ("Gemini~2.5") and a slash between versions ("GPT-4/4o", "Qwen-7B/14B") join
# words that are names of their own; spaCy's English infixes split neither. Nor does it split a full stop
# after a parameter count ("Qwen2.5-7B."), which it takes for an abbreviation's.
_TIES_AND_VERSION_SLASHES = (r"(?<=\w)~(?=\w)", r"(?<=\d)/(?=\d|o\d)", r"(?<=\d[BMbm])/(?=\d)")
# "(LLM)-based", "(LLM)--based": the closing bracket ends the name, so "LLM" is a word of its own.
_BRACKET_BEFORE_HYPHEN = r"(?<=\w)\)(?=--?\w)"
_STOP_AFTER_SIZE = r"(?<=\d[Bb])\."


def split_ties_and_version_lists(nlp: Language) -> None:
    """Make ``nlp``'s tokenizer split at LaTeX ties, slashes between versions, ")-" and a stop after a size.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> split_ties_and_version_lists(nlp)
        >>> [t.text for t in nlp("Gemini~2.5 beats GPT-4/4o, Llama2/3 and Qwen-7B/14B.")]
        ['Gemini', '~', '2.5', 'beats', 'GPT-4', '/', '4o', ',', 'Llama2', '/', '3', 'and', 'Qwen-7B', '/', '14B', '.']
        >>> [t.text for t in nlp("(LLM)-based agents and (VLMs)--which")]
        ['(', 'LLM', ')', '-based', 'agents', 'and', '(', 'VLMs', ')', '--which']
    """
    infixes = [*(nlp.Defaults.infixes or ()), *_TIES_AND_VERSION_SLASHES, _BRACKET_BEFORE_HYPHEN]
    suffixes = [*(nlp.Defaults.suffixes or ()), _STOP_AFTER_SIZE]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]


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


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenise ``text`` into a doc that keeps it, so that ``text_of`` never joins tokens back together."""
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text
    return doc


@Language.component(SENTENCE_SPLITTER, assigns=["token.is_sent_start"])
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts by the rule of spaCy's ``sentencizer``, read from token arrays, not Token objects.

    A sentence starts at the first token that is not punctuation after a
    sentence-ending mark ("." "!" "?" and their equivalents in other scripts).
    """
    if not len(doc):
        return doc
    marks = doc.to_array([ORTH, IS_PUNCT]).tolist()
    starts = [0]
    after_end = False
    for i, (orth, is_punct) in enumerate(marks):
        if orth in _SENTENCE_ENDS:
            after_end = True
        elif after_end and not is_punct:
            starts.append(i)
            after_end = False
    column = numpy.full(len(doc), -1, dtype="int64")  # spaCy's -1: "not a start", stored as uint64
    column[starts] = 1
    doc.from_array([SENT_START], column.astype("uint64"))  # type: ignore[arg-type]  # a 1-d column is allowed
    _keep_sentences(doc, starts)
    return doc


def sentences_of(doc: Doc) -> list[Span]:
    """The sentences of a doc that has sentence starts, found once and kept in ``doc.user_data``."""
    cached = doc.user_data.get("kg_sentences")
    if cached is None:
        starts = [int(i) for i in (doc.to_array(SENT_START) == 1).nonzero()[0]] or [0]
        cached = _keep_sentences(doc, starts)
    return cached


def _keep_sentences(doc: Doc, starts: list[int]) -> list[Span]:
    bounds = [*starts[1:], len(doc)]
    sentences = [doc[start:end] for start, end in zip(starts, bounds, strict=True) if end > start]
    doc.user_data["kg_sentences"] = sentences
    return sentences


def text_of(doc: Doc) -> str:
    """The doc's text: as given to ``make_doc``, or joined from its tokens once."""
    if "kg_text" not in doc.user_data:
        doc.user_data["kg_text"] = doc.text
    return doc.user_data["kg_text"]


def span_text(span: Span) -> str:
    """A span's text, cut from the doc's text (``Span.text`` joins its tokens on every call)."""
    return text_of(span.doc)[span.start_char : span.end_char]


def masked_text_of(doc: Doc) -> str:
    """The doc's text with URLs blanked (``mask_urls``), made once per doc."""
    if "kg_masked_text" not in doc.user_data:
        doc.user_data["kg_masked_text"] = mask_urls(text_of(doc))
    return doc.user_data["kg_masked_text"]
