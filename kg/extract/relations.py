"""Extract, relations: typed links an abstract states between what it mentions, and what kind of paper it is.

Pure functions over a paper's sentences and its (already merged) mentions:
``basedOn`` and ``variantOf`` from how names are built ("OTC-PPO" on "PPO",
"cascade Alice" of "Alice"), ``hasPart`` from "comprises ... components",
``evaluates``/``evaluatedOn`` in benchmark papers, ``outperforms``/``comparedWith``
and ``usesModel``/``usesTechnique`` from cue words near "we", "our" or the
paper's own contribution, and ``usedFor`` from a name followed by the task it
serves ("BERT for classification", "a backbone network used for feature extraction").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from kg.model import EntityType, Evidence, Mention, PaperKind, Relation, Statement

__all__ = ["Sentence", "find_statements", "main_contribution", "paper_kind"]

_NAMED = (EntityType.MODEL, EntityType.METHOD, EntityType.TECHNIQUE, EntityType.BENCHMARK)
_PARTS = re.compile(
    r"\b(?:comprises|consists of|is composed of|contains|has) (?:\w+ )*?(?:components?|modules?|parts?)\b",
    re.I,
)
_PART_OPENERS = re.compile(r"^\s*(?:first|second|third|fourth|finally|\(\d\)|\([ivx]+\))\b", re.I)
_BEATS = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*)\b", re.I)
_COMPARES = re.compile(
    r"\b(?:compared (?:to|with)|comparable (?:to|with)|versus|vs\.|relative to|(?:gain|improvement)s? over)\b",
    re.I,
)
_USES = re.compile(
    r"\b(?:experiments? (?:with|on)|using|uses?|apply|applies|applied|train(?:s|ed)?|instantiate[sd]?|"
    r"leverag\w*|built (?:up)?on|based on|fine-tun\w*)\b",
    re.I,
)
# "We ..." and "our approach/models ..." speak of the paper's own work; "our findings ..." do not.
_SELF = re.compile(
    r"\bwe\b|\bour (?:new |proposed )?(?:approach|method|model|models|framework|system|pipeline|algorithm|technique)\b",
    re.I,
)
_EVALUATION = re.compile(r"\b(?:reach\w*|achiev\w*|scor\w*|perform\w*|evaluat\w*|rank\w*|best|highest|lowest)\b", re.I)
_EVALUATED_ON = re.compile(
    r"\b(?:experiments? on|evaluat\w*|tested on|benchmarked on|results on|accuracy on|performance on)\b", re.I
)
_SURVEY = re.compile(
    r"\b(?:this|our|in this|the first(?: comprehensive)?|a comprehensive) (?:survey|review)\b|\bwe survey\b",
    re.I,
)
_ANALYSIS = re.compile(
    r"\b(?:this|our) (?:paper|work|study) (?:investigates|examines|analy[sz]es|studies|explores|reveals)\b|"
    r"\bwe (?:investigate|analy[sz]e|examine|show how)\b",
    re.I,
)
_PROPOSAL = re.compile(r"\bwe (?:propose|present|introduce|develop)\b", re.I)
# The words between a name and the task it is put to, and nothing else: "BERT for classification".
_PUT_TO = re.compile(
    r"\s+(?:(?:is|are|was|were|be|been)\s+)?(?:(?:specifically\s+)?(?:used|designed|tailored|applied|developed)\s+)?"
    r"(?:for|to)\s+(?:the\s+)?",
    re.I,
)
_PUT = (EntityType.MODEL, EntityType.METHOD, EntityType.TECHNIQUE)
# How far before a cue "we", "our" or the contribution's name may stand and still be the cue's subject,
# and how many opening words of a sentence count as its subject.
_SUBJECT_REACH = 14
_OPENING_WORDS = 3


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an abstract and where it starts."""

    start: int
    text: str

    @property
    def end(self) -> int:
        """Where the sentence ends in the abstract."""
        return self.start + len(self.text)


def main_contribution(mentions: list[Mention]) -> Mention | None:
    """The paper's own contribution: its first proposed model, else its first proposed method or benchmark."""
    proposed = [m for m in mentions if m.proposed and m.entity_type in _NAMED]
    return next((m for m in proposed if m.entity_type is EntityType.MODEL), proposed[0] if proposed else None)


def paper_kind(abstract: str, mentions: list[Mention]) -> tuple[PaperKind | None, str]:
    """Decide what kind of paper this is, and return the words that decided it.

    Example:
        >>> paper_kind("In this survey, we provide a comprehensive analysis of reasoning.", [])
        (<PaperKind.SURVEY: 'SurveyPaper'>, 'In this survey')
    """
    if survey := _SURVEY.search(abstract):
        return PaperKind.SURVEY, survey.group()
    proposed = [m for m in mentions if m.proposed]
    if benchmark := next((m for m in proposed if m.entity_type is EntityType.BENCHMARK), None):
        return PaperKind.BENCHMARK, f"introduces the benchmark {benchmark.text}"
    if named := next((m for m in proposed if m.entity_type in (EntityType.METHOD, EntityType.MODEL)), None):
        return PaperKind.METHOD, f"proposes {named.text}"
    if analysis := _ANALYSIS.search(abstract):
        return PaperKind.ANALYSIS, analysis.group()
    if proposal := _PROPOSAL.search(abstract):
        return PaperKind.METHOD, proposal.group()
    return None, ""


def find_statements(paper_id: str, sentences: list[Sentence], mentions: list[Mention]) -> list[Statement]:
    """Every relation the paper states, each with the sentence it was read from."""
    found: dict[tuple[object, ...], Statement] = {}
    main = main_contribution(mentions)
    finders = (
        _built_from_names(paper_id, sentences, mentions),
        _parts(paper_id, sentences, mentions, main),
        _evaluations(paper_id, sentences, mentions, main),
        _comparisons(paper_id, sentences, mentions, main),
        _uses(paper_id, sentences, mentions, main),
        _put_to_tasks(paper_id, sentences, mentions),
    )
    for finder in finders:
        for statement in finder:
            found.setdefault((statement.relation, statement.subject, statement.object), statement)
    return list(found.values())


def _at(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _span(mention: Mention | None) -> tuple[int, int] | None:
    return None if mention is None else _at(mention)


def _sentence_of(sentences: list[Sentence], offset: int) -> Sentence:
    return next((s for s in sentences if s.start <= offset < s.end), sentences[-1])


def _evidence(sentence: Sentence, cue: str, confidence: float) -> Evidence:
    return Evidence(sentence.text, sentence.start, cue, confidence)


def _built_from_names(paper_id: str, sentences: list[Sentence], mentions: list[Mention]) -> Iterator[Statement]:
    """Relations in how names are built: "OTC-PPO" is based on "PPO", "cascade Alice" a variant of "Alice"."""
    by_text = {m.text: m for m in mentions if m.entity_type in _NAMED}
    for mention in mentions:
        if mention.entity_type not in (EntityType.METHOD, EntityType.MODEL):
            continue
        head, sep, tail = mention.text.rpartition("-")
        base = by_text.get(tail) if sep and head else None
        if base is not None and base.text != mention.text:
            sentence = _sentence_of(sentences, mention.start)
            yield Statement(paper_id, Relation.BASED_ON, _span(mention), _at(base),
                            _evidence(sentence, f"{mention.text} is named after {base.text}", 0.8))  # fmt: skip
        words = mention.text.split(" ")
        variant_of = by_text.get(" ".join(words[1:])) if len(words) > 1 and words[0].islower() else None
        if variant_of is not None:
            sentence = _sentence_of(sentences, mention.start)
            yield Statement(paper_id, Relation.VARIANT_OF, _span(mention), _at(variant_of),
                            _evidence(sentence, f"{words[0]} {variant_of.text}", 0.8))  # fmt: skip


def _parts(
    paper_id: str, sentences: list[Sentence], mentions: list[Mention], main: Mention | None
) -> Iterator[Statement]:
    """Parts listed after "comprises ... components": "First, Dynamic Token Merging (DToMe) ..."."""
    if main is None:
        return
    for number, sentence in enumerate(sentences):
        cue = _PARTS.search(sentence.text)
        if cue is None:
            continue
        for following in sentences[number + 1 : number + 5]:
            if not _PART_OPENERS.match(following.text):
                break
            part = next((m for m in _within(mentions, following) if m.entity_type in _NAMED and m is not main), None)
            if part is not None:
                yield Statement(paper_id, Relation.HAS_PART, _span(main), _at(part),
                                _evidence(following, cue.group(), 0.75))  # fmt: skip


def _evaluations(
    paper_id: str, sentences: list[Sentence], mentions: list[Mention], main: Mention | None
) -> Iterator[Statement]:
    """A benchmark paper evaluates the models whose performance it reports; a method is evaluated on benchmarks."""
    benchmark = next((m for m in mentions if m.proposed and m.entity_type is EntityType.BENCHMARK), None)
    if benchmark is None:
        yield from _evaluated_on(paper_id, sentences, mentions, main)
        return
    for sentence in sentences:
        cue = _EVALUATION.search(sentence.text)
        if cue is None:
            continue
        for model in _within(mentions, sentence):
            if model.entity_type is EntityType.MODEL and not model.proposed:
                yield from _evaluation(paper_id, benchmark, model, _evidence(sentence, cue.group(), 0.7))


def _evaluated_on(
    paper_id: str, sentences: list[Sentence], mentions: list[Mention], main: Mention | None
) -> Iterator[Statement]:
    """Benchmarks the contribution is evaluated on: "We evaluate FastRL on GSM8K and MATH"."""
    if main is None or main.entity_type is EntityType.BENCHMARK:
        return
    for sentence in sentences:
        for cue in _EVALUATED_ON.finditer(sentence.text):
            if not _speaks_of_contribution(sentence, cue.start(), main):
                continue
            for benchmark in _after(mentions, sentence, sentence.start + cue.start(), words=12):
                if benchmark.entity_type is EntityType.BENCHMARK and not benchmark.proposed:
                    yield from _evaluation(paper_id, benchmark, main, _evidence(sentence, cue.group(), 0.65))


def _evaluation(paper_id: str, benchmark: Mention, evaluated: Mention, evidence: Evidence) -> Iterator[Statement]:
    """Both directions of one evaluation: the benchmark evaluates it, it is evaluated on the benchmark."""
    yield Statement(paper_id, Relation.EVALUATES, _at(benchmark), _at(evaluated), evidence)
    yield Statement(paper_id, Relation.EVALUATED_ON, _at(evaluated), _at(benchmark), evidence)


def _comparisons(
    paper_id: str, sentences: list[Sentence], mentions: list[Mention], main: Mention | None
) -> Iterator[Statement]:
    """Comparisons: "RM-R1 ... outperforming Llama3.1-405B and GPT-4o"; "a 15% gain over SFT models"."""
    for sentence in sentences:
        for pattern, relation in ((_BEATS, Relation.OUTPERFORMS), (_COMPARES, Relation.COMPARED_WITH)):
            for cue in pattern.finditer(sentence.text):
                if not _speaks_of_contribution(sentence, cue.start(), main):
                    continue
                # Without a named contribution the paper itself is the subject, and "beats" is only a comparison.
                kind = relation if main is not None else Relation.COMPARED_WITH
                for rival in _after(mentions, sentence, sentence.start + cue.end()):
                    if rival.entity_type in _NAMED and not rival.proposed:
                        yield Statement(paper_id, kind, _span(main), _at(rival),
                                        _evidence(sentence, cue.group(), 0.7))  # fmt: skip


def _uses(
    paper_id: str, sentences: list[Sentence], mentions: list[Mention], main: Mention | None
) -> Iterator[Statement]:
    """What the work applies: "Experiments with Qwen-2.5 and Qwen-Math"; "train LLMs using GRPO"."""
    relation_of = {EntityType.MODEL: Relation.USES_MODEL, EntityType.TECHNIQUE: Relation.USES_TECHNIQUE}
    for sentence in sentences:
        for cue in _USES.finditer(sentence.text):
            if not _speaks_of_contribution(sentence, cue.start(), main):
                continue
            for used in _after(mentions, sentence, sentence.start + cue.end(), words=8):
                if used.entity_type in relation_of and not used.proposed:
                    yield Statement(paper_id, relation_of[used.entity_type], _span(main), _at(used),
                                    _evidence(sentence, cue.group(), 0.6))  # fmt: skip


def _put_to_tasks(paper_id: str, sentences: list[Sentence], mentions: list[Mention]) -> Iterator[Statement]:
    """A name followed by the task it serves, with only "for", "used for" or the like between them."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    for used, task in pairwise(ordered):
        if used.entity_type not in _PUT or task.entity_type is not EntityType.TASK or task.start <= used.end:
            continue
        sentence = _sentence_of(sentences, used.start)
        between = sentence.text[used.end - sentence.start : task.start - sentence.start]
        if task.start < sentence.end and _PUT_TO.fullmatch(between):
            yield Statement(paper_id, Relation.USED_FOR, _at(used), _at(task),
                            _evidence(sentence, f"{used.text}{between}{task.text}", 0.6))  # fmt: skip


def _speaks_of_contribution(sentence: Sentence, cue_at: int, main: Mention | None) -> bool:
    """Whether a cue speaks of the paper's own work.

    It does when "we", "our" or the contribution's name comes a few words before
    it, opens the sentence ("Empirically, our models ... outperforming"), or, for
    a cue that itself opens the sentence ("Experiments with ... show that our approach"), comes anywhere in it.
    """
    before = sentence.text[:cue_at].split()
    if len(before) <= _OPENING_WORDS:
        scope = sentence.text
    else:
        scope = " ".join(before[:_OPENING_WORDS] + before[-_SUBJECT_REACH:])
    return bool(_SELF.search(scope)) or (main is not None and main.text in scope)


def _within(mentions: list[Mention], sentence: Sentence) -> list[Mention]:
    return [m for m in mentions if sentence.start <= m.start < sentence.end]


def _after(mentions: list[Mention], sentence: Sentence, offset: int, words: int | None = None) -> list[Mention]:
    """Mentions after ``offset`` in the sentence, before a clause break (and within ``words`` words if given)."""
    found: list[Mention] = []
    for mention in _within(mentions, sentence):
        if mention.start < offset:
            continue
        gap = sentence.text[offset - sentence.start : mention.start - sentence.start]
        if re.search(r"[;:]|, (?:while|which|but|and then|thus)\b|\bshow(?:s|ed)? that\b", gap):
            break
        if words is not None and len(gap.split()) > words + 2 * len(found):
            break
        found.append(mention)
    return found
