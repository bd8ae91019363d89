"""Extract, abbreviations: find "long form (SHORT)" definitions and every later use of either form.

The matching follows Schwartz & Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text", applied in both
directions ("Group Relative Policy Optimization (GRPO)" and "GRPO (Group
Relative Policy Optimization)") and to "LONG, or SHORT".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.text import mask_urls, masked_text_of, text_of
from kg.model import EntityType
from kg.normalise import singular

__all__ = [
    "AbbreviationDetector",
    "AbbreviationPair",
    "Definition",
    "find_definitions",
    "guess_type",
    "match_long_form",
]

_PARENTHESIS = re.compile(r"\(([^()]{1,200})\)")
_OR_SHORT = re.compile(r",\s+or\s+([A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?)\b")
_WORD = re.compile(r"\S+")
_SHORT_FORM = re.compile(r"[A-Za-z0-9][\w\-.+/]*")
_DIGIT_AS_WORD = {"2": "t", "4": "f"}  # W2SG: weak-to-strong generalization; not GPT-4o
# "(Anthropic, 2025a)" and "(OpenAI, 2024; Guan et al., 2024)" cite; they define nothing.
_CITATION = re.compile(r"[^,]+,\s*(?:19|20)\d\d[a-z]?\b")

_TYPE_BY_HEAD = {
    EntityType.TECHNIQUE: {
        "optimization",
        "optimisation",
        "learning",
        "tuning",
        "fine-tuning",
        "training",
        "distillation",
        "merging",
        "unmerging",
        "embedding",
        "encoding",
        "attention",
        "prompting",
        "decoding",
        "sampling",
        "regularization",
        "normalization",
        "augmentation",
        "feedback",
        "pruning",
        "quantization",
        "search",
        "adaptation",
        "alignment",
        "thought",
        "reward",
        "rewards",
        "network",
        "transformer",
        "autoencoder",
        "architecture",
        "mechanism",
        "algorithm",
    },
    EntityType.TASK: {
        "reasoning",
        "analysis",
        "answering",
        "translation",
        "summarization",
        "classification",
        "recognition",
        "detection",
        "segmentation",
        "parsing",
        "retrieval",
        "tracking",
        "understanding",
        "generation",
        "extraction",
        "inference",
        "prediction",
        "captioning",
        "planning",
        "coordination",
        "completion",
    },
    EntityType.BENCHMARK: {"benchmark", "dataset", "corpus", "suite", "bench", "leaderboard", "testbed"},
    EntityType.METRIC: {
        "accuracy",
        "score",
        "rate",
        "precision",
        "recall",
        "error",
        "perplexity",
        "indicator",
    },
}


@dataclass(frozen=True, slots=True)
class Definition:
    """Character spans of a long form and the short form it defines, in one text.

    ``short_first`` marks a name followed by its expansion ("Alice (proActive
    learning ...)"): there the short form is the name the authors chose.
    """

    long_start: int
    long_end: int
    short_start: int
    short_end: int
    short_first: bool = False


def guess_type(long_form: str) -> EntityType:
    """Guess an entity's class from the head (last word) of its long form.

    Example:
        >>> guess_type("Proximal Policy Optimization"), guess_type("Tool-integrated reasoning")
        (<EntityType.TECHNIQUE: 'Technique'>, <EntityType.TASK: 'Task'>)
    """
    head = singular(long_form.split()[-1]).lower() if long_form.split() else ""
    head_tail = head.rsplit("-", 1)[-1]
    for entity_type, heads in _TYPE_BY_HEAD.items():
        if head in heads or head_tail in heads:
            return entity_type
    return EntityType.CONCEPT


def match_long_form(short: str, text: str, *, first_letter_starts_word: bool = True) -> int | None:
    """Return where in ``text`` the shortest long form for ``short`` starts, or None.

    Every letter and digit of ``short`` must appear in ``text`` in order, read
    from the end; the first one must begin a word unless told otherwise. A
    match in which every capital of ``short`` begins a word of ``text`` is
    preferred, so "PPO" is "Proximal Policy Optimization", not the shorter
    "Policy Optimization" whose "o" and "p" the plain algorithm would accept.

    Example:
        >>> text = "trained with Group Relative Policy Optimization"
        >>> text[match_long_form("GRPO", text):]
        'Group Relative Policy Optimization'
    """
    chars = [
        _DIGIT_AS_WORD.get(ch, ch)
        if 0 < i < len(short) - 1 and short[i - 1].isalpha() and short[i + 1].isalpha()
        else ch
        for i, ch in enumerate(short)
    ]
    strict = _match_backwards(chars, text, capitals_start_words=True, first_starts_word=first_letter_starts_word)
    if strict is not None:
        return strict
    return _match_backwards(chars, text, capitals_start_words=False, first_starts_word=first_letter_starts_word)


def _match_backwards(chars: list[str], text: str, *, capitals_start_words: bool, first_starts_word: bool) -> int | None:
    s, t = len(chars) - 1, len(text) - 1
    while s >= 0:
        wanted = chars[s].lower()
        if not wanted.isalnum():
            s -= 1
            continue
        must_start_word = (s == 0 and first_starts_word) or (capitals_start_words and chars[s].isupper())
        while t >= 0 and (text[t].lower() != wanted or (must_start_word and t > 0 and text[t - 1].isalnum())):
            t -= 1
        if t < 0:
            return None
        t -= 1
        s -= 1
    while t >= 0 and not text[t].isspace():  # back to the start of the word, which may follow a line break
        t -= 1
    return t + 1


def find_definitions(text: str) -> list[Definition]:
    """Find every abbreviation definition in ``text``.

    Example:
        >>> text = "We use Group Relative Policy Optimization (GRPO)."
        >>> [(text[d.long_start:d.long_end], text[d.short_start:d.short_end]) for d in find_definitions(text)]
        [('Group Relative Policy Optimization', 'GRPO')]
    """
    text = mask_urls(text)
    found = []
    for paren in _PARENTHESIS.finditer(text):
        if _CITATION.match(paren.group(1)):
            continue
        definition = _long_then_short(text, paren) or _short_then_long(text, paren)
        if definition:
            found.append(definition)
    for match in _OR_SHORT.finditer(text):
        definition = _long_before(text, match.start(), match.start(1), match.end(1))
        if definition:
            found.append(definition)
    return found


def _is_short_form(candidate: str) -> bool:
    return (
        2 <= len(candidate) <= 12
        and len(candidate.split()) == 1
        and bool(_SHORT_FORM.fullmatch(candidate))
        and any(ch.isupper() for ch in candidate)
    )


def _long_then_short(text: str, paren: re.Match[str]) -> Definition | None:
    inner = paren.group(1)
    short = re.split(r"[;,]\s", inner, maxsplit=1)[0].strip()
    if not _is_short_form(short):
        return None
    short_start = paren.start(1) + inner.index(short)
    return _long_before(text, paren.start(), short_start, short_start + len(short))


def _long_before(text: str, end: int, short_start: int, short_end: int) -> Definition | None:
    short = text[short_start:short_end]
    letters = sum(ch.isalnum() for ch in short)
    window_words = min(letters + 5, letters * 2)
    # A long form starts after the sentence's start and after any bracket: "(3) similarity-guided ... (SGCA)".
    sentence_start = max(
        [0] + [found + len(mark) for mark in (". ", "(", ")") if (found := text.rfind(mark, 0, end)) >= 0]
    )
    words = list(_WORD.finditer(text, sentence_start, end))[-window_words:]
    if not words:
        return None
    window = text[words[0].start() : end].rstrip()
    offset = match_long_form(short, window)
    if offset is None:
        return None
    long_start = words[0].start() + offset
    long_text = text[long_start : words[0].start() + len(window)]
    if len(long_text) <= len(short) or "(" in long_text or ")" in long_text:
        return None
    return Definition(long_start, long_start + len(long_text), short_start, short_end)


def _short_then_long(text: str, paren: re.Match[str]) -> Definition | None:
    before = text[: paren.start()].rstrip()
    short_match = re.search(r"[\w\-.]+$", before)
    inner = paren.group(1).strip()
    if not short_match or not _is_short_form(short_match.group()) or inner.lower().startswith(("e.g", "i.e")):
        return None
    short = short_match.group()
    words = inner.split()
    if not 2 <= len(words) <= len(short) + 5:
        return None
    offset = match_long_form(short, inner, first_letter_starts_word=False)
    if offset is None or offset >= len(words[0]):
        return None
    long_start = paren.start(1) + paren.group(1).index(inner)
    return Definition(long_start, long_start + len(inner), short_match.start(), short_match.end(), short_first=True)


@lru_cache(maxsize=4096)
def _form_pattern(form: str, *, exact_case: bool) -> re.Pattern[str]:
    """A pattern for later uses of a form: any separator between words, optional plural ending."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", singular(form)) if w]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<![\w\-]){body}(?:s|es)?(?![\w])", 0 if exact_case else re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AbbreviationPair:
    """A definition found in a ``Doc``: the long and short form spans, and which came first."""

    long: Span
    short: Span
    short_first: bool


@Language.factory(
    "kg_abbreviations",
    assigns=["doc._.kg_abbreviations", "doc.spans"],
    default_config={"spans_key": "kg_abbreviations"},
)
def make_abbreviation_detector(nlp: Language, name: str, spans_key: str) -> AbbreviationDetector:
    """Create the abbreviation detector component."""
    return AbbreviationDetector(spans_key)


class AbbreviationDetector:
    """Mark abbreviation definitions (``doc._.kg_abbreviations``, a list of ``AbbreviationPair``) and uses.

    Uses go to ``doc.spans[spans_key]``, labelled with the class guessed from
    the long form, with the long form as ``kb_id_``.
    """

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key
        if not Doc.has_extension("kg_abbreviations"):
            Doc.set_extension("kg_abbreviations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` and return it."""
        pairs: list[AbbreviationPair] = []
        for definition in find_definitions(text_of(doc)):
            long_span = doc.char_span(definition.long_start, definition.long_end, alignment_mode="expand")
            short_span = doc.char_span(definition.short_start, definition.short_end, alignment_mode="expand")
            if long_span is not None and short_span is not None:
                pairs.append(AbbreviationPair(long_span, short_span, definition.short_first))
        doc._.kg_abbreviations = pairs
        doc.spans[self.spans_key] = self._uses(doc, pairs)
        return doc

    @staticmethod
    def _uses(doc: Doc, pairs: list[AbbreviationPair]) -> list[Span]:
        uses: dict[tuple[int, int], Span] = {}
        text = masked_text_of(doc)
        for pair in pairs:
            long_form = clean_long_form(pair.long.text)
            label = guess_type(long_form)
            for form, exact_case in ((pair.short.text, True), (pair.long.text, False)):
                for match in _form_pattern(form, exact_case=exact_case).finditer(text):
                    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                    if span is not None and (span.start, span.end) not in uses:
                        uses[span.start, span.end] = Span(doc, span.start, span.end, label=label, kb_id=long_form)
        return [uses[key] for key in sorted(uses)]


def clean_long_form(text: str) -> str:
    """Return a long form as a name: braces marking letters dropped, spacing collapsed.

    Example:
        >>> clean_long_form("pro{A}ctive {l}earning")
        'proActive learning'
    """
    return " ".join(text.replace("{", "").replace("}", "").split())
