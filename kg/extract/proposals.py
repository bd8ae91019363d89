"""Extract, proposals: find what a paper itself introduces, and the terms it coins.

"We present DyMU", "we introduce Alice", "we propose Optimal Tool Call-controlled
Policy Optimization (OTC-PO)", "we introduce MultiAgentBench, a comprehensive
benchmark": the first name after a proposal verb (and a name in apposition to it)
is proposed. "A phenomenon we term position generalization" and "the concept of
reasoning economy" are coined terms: concepts, not contributions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.text import masked_text_of, sentences_of, span_text
from kg.model import EntityType

__all__ = ["ProposalFinder"]

PROPOSAL_VERBS = frozenset(
    {
        "present",
        "presents",
        "introduce",
        "introduces",
        "propose",
        "proposes",
        "develop",
        "develops",
        "design",
        "designs",
        "release",
        "releases",
        "build",
        "construct",
        "contribute",
        "unveil",
    }
)
SUBJECTS = frozenset({"we", "paper", "work", "study", "article"})
# Words that end the object of a proposal verb before a name is reached.
CLAUSE_BREAKS = frozenset(
    {
        "to",
        "that",
        "which",
        "where",
        "who",
        "for",
        "by",
        "with",
        "in",
        "on",
        "using",
        "via",
        "based",
        "from",
        "than",
        ";",
        ":",
        ".",
        "(",
        ")",
    }
)
NOT_A_CONTRIBUTION = frozenset({"survey", "study", "analysis", "review", "overview", "investigation"})
# "We instantiate this framework ..., resulting in OTC-PPO and OTC-GRPO": every name after the cue is proposed.
RESULTING = (("resulting", "in"), ("which", "we", "call"))
COINING = (
    ("we", "term"),
    ("we", "call"),
    ("we", "name"),
    ("we", "dub"),
    ("termed",),
    ("dubbed",),
    ("concept", "of"),
)
# A sentence can only hold a cue if it holds one of these words (the first telling word of each cue).
_CUE_WORDS = PROPOSAL_VERBS | {next(w for w in cue if w not in {"we", "which"}) for cue in (*RESULTING, *COINING)}
_ANY_CUE = re.compile(r"\b(?:" + "|".join(sorted(_CUE_WORDS)) + r")\b", re.I)
BENCHMARK_CUES = frozenset({"benchmark", "dataset", "suite", "testbed", "leaderboard", "corpus"})
_LOOKAHEAD = 8
_MAX_COINED_TOKENS = 4


@Language.factory(
    "kg_proposals",
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
    default_config={
        "spans_key": "kg_proposals",
        "uses_key": "kg_proposal_uses",
        "coined_key": "kg_coined_terms",
        "name_keys": ["kg_abbreviations", "kg_name_shapes"],
        "known_key": "kg_gazetteer",
    },
)
def make_proposal_finder(
    nlp: Language,
    name: str,
    spans_key: str,
    uses_key: str,
    coined_key: str,
    name_keys: list[str],
    known_key: str,
) -> ProposalFinder:
    """Create the proposal finder.

    ``name_keys`` are the span groups whose spans count as names; spans in
    ``known_key`` name established things, which a paper uses but does not propose.
    """
    return ProposalFinder(spans_key, uses_key, coined_key, tuple(name_keys), known_key)


class ProposalFinder:
    """Find what a paper proposes, where it uses those names again, and the terms it coins.

    Proposal sites go to ``doc.spans[spans_key]``, later uses to ``doc.spans[uses_key]``
    and coined terms to ``doc.spans[coined_key]``.
    """

    def __init__(
        self, spans_key: str, uses_key: str, coined_key: str, name_keys: tuple[str, ...], known_key: str
    ) -> None:
        self.spans_key = spans_key
        self.uses_key = uses_key
        self.coined_key = coined_key
        self.name_keys = name_keys
        self.known_key = known_key

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` and return it."""
        named = self._named_spans(doc)
        known = {span.start: span.end for span in doc.spans.get(self.known_key, [])}
        proposed: dict[tuple[int, int], Span] = {}
        coined: list[Span] = []
        for sentence in sentences_of(doc):
            # Most sentences hold no cue at all; skip them before walking their tokens.
            if not _ANY_CUE.search(span_text(sentence)):
                continue
            lowered = [token.lower_ for token in sentence]
            for verb in _proposal_verbs(sentence, lowered):
                for span in _proposed_after(doc, verb + 1, sentence.end, named, known):
                    proposed.setdefault((span.start, span.end), span)
            for span in _resulting_names(sentence, lowered, named):
                proposed.setdefault((span.start, span.end), span)
            coined.extend(_coined_terms(doc, sentence, lowered))
        doc.spans[self.spans_key] = [proposed[key] for key in sorted(proposed)]
        doc.spans[self.uses_key] = _later_uses(doc, list(proposed.values()))
        doc.spans[self.coined_key] = coined
        return doc

    def _named_spans(self, doc: Doc) -> dict[int, Span]:
        """The longest known name starting at each token."""
        named: dict[int, Span] = {}
        for key in self.name_keys:
            for span in doc.spans.get(key, []):
                if span.start not in named or len(span) > len(named[span.start]):
                    named[span.start] = span
        return named


def _proposal_verbs(sentence: Span, lowered: list[str]) -> Iterator[int]:
    """The token index of each proposal verb with a subject ("we", "this paper") in the three words before it."""
    for offset, word in enumerate(lowered):
        if word in PROPOSAL_VERBS and not SUBJECTS.isdisjoint(lowered[max(0, offset - 3) : offset]):
            yield sentence.start + offset


def _proposed_after(doc: Doc, start: int, end: int, named: dict[int, Span], known: dict[int, int]) -> list[Span]:
    """The first new name after a proposal verb, the pair it defines, and a name in apposition."""
    i = start
    while i < end and doc[i].lower_ not in CLAUSE_BREAKS:
        if doc[i].lower_ in NOT_A_CONTRIBUTION:
            return []
        if i in known and (i not in named or len(named[i]) <= known[i] - i):
            i = known[i]
            continue
        span = named.get(i) or _name_token(doc, i)
        if span is not None:
            span = _with_leading_modifiers(doc, start, span)
            label = _proposal_label(doc, span, end)
            found = [Span(doc, span.start, span.end, label=label)]
            found.extend(_defined_pair(doc, span, named, label))
            found.extend(_apposition(doc, span.end, end, named, label))
            return found
        i += 1
    return []


def _name_token(doc: Doc, i: int) -> Span | None:
    """A single token written as a name: capitals after its first letter, or capitalised mid-sentence."""
    token = doc[i]
    text = token.text
    inner_capital = any(ch.isupper() for ch in text[1:])
    if token.is_alpha and text[0].isupper() and (inner_capital or not token.is_sent_start):
        return doc[i : i + 1]
    return None


def _with_leading_modifiers(doc: Doc, verb_end: int, span: Span) -> Span:
    """Extend a name by the lower-case words right after the verb: "we introduce cascade Alice"."""
    modifiers = doc[verb_end : span.start]
    if 0 < len(modifiers) <= 2 and all(
        t.is_lower and t.is_alpha and not t.is_stop and not t.like_num for t in modifiers
    ):
        return doc[verb_end : span.end]
    return span


def _proposal_label(doc: Doc, span: Span, end: int) -> str:
    following = {t.lower_ for t in doc[span.end : min(end, span.end + _LOOKAHEAD)]}
    if following & BENCHMARK_CUES or span.text.lower().endswith("bench"):
        return EntityType.BENCHMARK.value
    return EntityType.METHOD.value


def _defined_pair(doc: Doc, span: Span, named: dict[int, Span], label: str) -> list[Span]:
    """The short form defined right after a proposed long form: "... Optimization (OTC-PO)"."""
    if span.end + 2 < len(doc) and doc[span.end].text == "(":
        inner = named.get(span.end + 1)
        if inner is not None and inner.end < len(doc) and doc[inner.end].text == ")":
            return [Span(doc, inner.start, inner.end, label=label)]
    return []


def _apposition(doc: Doc, start: int, end: int, named: dict[int, Span], label: str) -> list[Span]:
    """Return a name right after a comma following the proposed one: "a family of ReasRMs, RM-R1"."""
    if start + 1 < end and doc[start].text == ",":
        candidate = named.get(start + 1)
        if candidate is not None and candidate.end <= end:
            return [Span(doc, candidate.start, candidate.end, label=label)]
    return []


def _resulting_names(sentence: Span, lowered: list[str], named: dict[int, Span]) -> Iterator[Span]:
    for cue in RESULTING:
        for i in range(len(lowered) - len(cue) + 1):
            if tuple(lowered[i : i + len(cue)]) == cue:
                for start in range(sentence.start + i + len(cue), sentence.end):
                    if start in named:
                        yield Span(sentence.doc, named[start].start, named[start].end, label=EntityType.METHOD.value)


def _later_uses(doc: Doc, proposed: list[Span]) -> list[Span]:
    """Every other place where a proposed name is written exactly as proposed: "DyMU can reduce ..."."""
    text = masked_text_of(doc)
    sites = {(span.start, span.end) for span in proposed}
    uses: dict[tuple[int, int], Span] = {}
    for span in proposed:
        for start, end in _whole_word_occurrences(text, span.text):
            use = doc.char_span(start, end)
            if use is not None and (use.start, use.end) not in sites:
                uses.setdefault((use.start, use.end), Span(doc, use.start, use.end, label=span.label_))
    return [uses[key] for key in sorted(uses)]


def _whole_word_occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where ``name`` is written with no letter, digit, "_" or "-" right before or after it."""
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        if not (_in_word(text, start - 1) or _in_word(text, end)):
            yield start, end
        start = text.find(name, start + 1)


def _in_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in "_-")


def _coined_terms(doc: Doc, sentence: Span, lowered: list[str]) -> list[Span]:
    terms = []
    for cue in COINING:
        for i in range(len(lowered) - len(cue) + 1):
            if tuple(lowered[i : i + len(cue)]) != cue:
                continue
            start = sentence.start + i + len(cue)
            end = start
            while (
                end < sentence.end and end - start < _MAX_COINED_TOKENS and doc[end].is_alpha and not doc[end].is_stop
            ):
                end += 1
            if end > start and not doc[start].is_stop:
                terms.append(Span(doc, start, end, label=EntityType.CONCEPT.value))
    return terms
