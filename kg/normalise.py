"""Name normalisation: the one definition of when two surface forms are the same name."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["name_key", "singular"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")
_SEPARATORS = re.compile(r"[\s\-~]+")  # "~" is a LaTeX tie: "Gemini~2.5"
# Bound prefixes are written joined, hyphenated or apart: "multimodal", "multi-modal", "pre-trained", "fine tuning".
_BOUND_PREFIX = re.compile(r"\b(multi|pre|post|non|semi|co|sub|cross|fine)[\s\-]+(?=[a-z])")
# A separator between a letter and a digit carries no meaning, nor one after a version:
# "Qwen-2.5" is "Qwen2.5", and "Qwen2.5-VL" is "Qwen2.5VL".
_LETTER_DIGIT_GAP = re.compile(r"(?<=[a-z]) (?=\d)|(?<=\d) (?=[a-z])")
_KEEP_FINAL_S = ("ss", "us", "is", "ics", "ous", "as", "ys")
_INVARIANT_PLURALS = frozenset({"series", "species", "news", "physics", "mathematics", "ethics"})


def singular(text: str) -> str:
    """Return ``text`` with its last word made singular, keeping its case.

    Acronym plurals ("LLMs", "ReasRMs") and regular English plurals of the last
    word ("Large Language Models") lose their plural ending; words with digits
    or inner capitals ("AnyRes", "GPT-4os") are names and are left alone.

    Example:
        >>> singular("Large Language Models"), singular("LLMs"), singular("analysis")
        ('Large Language Model', 'LLM', 'analysis')
    """
    head, sep, last = text.rpartition(" ")
    return head + sep + _singular_word(last)


def _singular_word(word: str) -> str:
    if len(word) < 3 or not word.endswith("s") or word.endswith("'s") or any(ch.isdigit() for ch in word):
        return word
    if word[-2].isupper():
        return word[:-1]
    if not word[1:].islower() or word.lower() in _INVARIANT_PLURALS:
        return word
    lower = word.lower()
    if lower.endswith(_KEEP_FINAL_S) or len(word) <= 3:
        return word
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    return word[:-1]


@lru_cache(maxsize=1 << 18)  # resolving asks for the same few names over and over
def name_key(text: str) -> str:
    """Return the key under which surface forms of one name coincide.

    Unicode compatibility forms, case, hyphens versus spaces, a separator
    between letters and digits, after a version or after a bound prefix ("multi-modal"), and a
    plural last word make no difference; everything else does, so "gpt-4o" and
    "gpt-4o-mini" keep different keys.

    Example:
        >>> name_key("Large Language Models") == name_key("large-language model")
        True
        >>> name_key("multi-modal LLMs") == name_key("Multimodal LLM"), name_key("Gemini~2.5")
        (True, 'gemini2.5')
        >>> name_key("Qwen-2.5"), name_key("Qwen2.5-VL"), name_key("GPT-4o"), name_key("gpt-4o-mini")
        ('qwen2.5', 'qwen2.5vl', 'gpt4o', 'gpt4o mini')
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    words = [_singular_word(w) for w in _SEPARATORS.split(text.strip()) if w]
    key = _BOUND_PREFIX.sub(r"\1", " ".join(words).casefold())
    key = key.replace("'s ", " ").removesuffix("'s")
    return _LETTER_DIGIT_GAP.sub("", key)
