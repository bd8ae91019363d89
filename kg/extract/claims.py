"""Extract, claims: quantitative results ("reduces tool calls by up to 73.1%") and the links an abstract gives.

Pure functions over a paper's sentences and mentions. A result records its
value (and the top of a range), unit, direction, what was measured, what it is
about (the paper's contribution) and what it was compared with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.relations import Sentence, main_contribution
from kg.model import EntityType, Evidence, Link, Mention, Result

__all__ = ["find_links", "find_results"]

_NUMBER = r"(?P<value>\d+(?:\.\d+)?)\s*\\?%(?:\s*[-\u2013]\s*(?P<upper>\d+(?:\.\d+)?)\s*\\?%)?"
_UP = r"improv\w*|increas\w*|boost\w*|rais\w*|enhanc\w*|gain\w*|outperform\w*|surpass\w*"
_DOWN = r"reduc\w*|decreas\w*|lower\w*|cut\w*|shrink\w*|sav\w*"
# "<verb> <what> by (up to) N%": the verb says the direction, the words between say what was measured.
_BY = re.compile(
    rf"\b(?P<verb>{_UP}|{_DOWN})\b(?P<what>[^;%]{{0,200}}?)\bby (?:up to |about |over |nearly |roughly )?{_NUMBER}",
    re.I,
)
# "a 17% improvement over base models", "a 15% gain over SFT models".
_NOUN = re.compile(rf"\b(?:an?|of) {_NUMBER} (?P<verb>improvement|gain|increase|boost|reduction|decrease|drop)\b"
                   rf"(?: (?:in|on) (?P<what>[\w\- ]{{2,40}}?))?(?= over| compared| than|[,.;]|$)", re.I)  # fmt: skip
# "mathematical reasoning (+22.62%)".
_SIGNED = re.compile(rf"(?P<what>[\w\- ]{{3,60}}?) \((?P<sign>[+-])\s*{_NUMBER}\)")
_BEATING = re.compile(r"outperform|surpass", re.I)
# A URL ends at a space, quote, closing bracket, or LaTeX's braces and backslash (\href{url}{text}).
_URL = re.compile(r"https?://[^\s<>\"')\]{}\\]+")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "gitee.com")
_COMPARED = re.compile(r"\b(?:over|compared (?:to|with)|than|relative to)\b", re.I)


def find_results(paper_id: str, sentences: list[Sentence], mentions: list[Mention]) -> list[Result]:
    """Every quantitative claim in the paper, about its own contribution unless it names another."""
    main = main_contribution(mentions)
    about = None if main is None else (main.start, main.end)
    found: dict[tuple[int, int], Result] = {}
    # Every claim pattern ends in a percentage.
    for sentence in (s for s in sentences if "%" in s.text):
        for match, direction, what in _claims(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            upper = match.group("upper")
            found.setdefault((start, end), Result(
                paper_id=paper_id, start=start, end=end,
                value=float(match.group("value")), upper_value=float(upper) if upper else None,
                unit="%", direction=direction, metric=_metric(what),
                about=about, compared_with=_compared(sentence, match, mentions),
                evidence=Evidence(sentence.text, sentence.start, match.group().strip(), 0.7),
            ))  # fmt: skip
    return [found[key] for key in sorted(found)]


def _claims(text: str) -> Iterator[tuple[re.Match[str], str, str]]:
    for match in _BY.finditer(text):
        verb = match.group("verb")
        direction = "decrease" if re.fullmatch(_DOWN, verb, re.I) else "increase"
        # After "outperforming" come the rivals, not what was measured.
        yield match, direction, "" if _BEATING.match(verb) else match.group("what")
    for match in _NOUN.finditer(text):
        direction = "decrease" if match.group("verb").lower() in {"reduction", "decrease", "drop"} else "increase"
        yield match, direction, match.group("what") or ""
    for match in _SIGNED.finditer(text):
        yield match, "increase" if match.group("sign") == "+" else "decrease", match.group("what")


def _metric(words: str) -> str:
    """What was measured: the words between verb and number, after the last comma or colon, without articles."""
    words = re.split(r"[,:(]", words)[-1]
    words = re.sub(r"^\s*(?:and|or)\s+", "", words.strip(), flags=re.I)
    words = re.sub(r"^(?:the|a|an|its|their|our)\s+", "", words, flags=re.I)
    return " ".join(words.split())


def _compared(sentence: Sentence, match: re.Match[str], mentions: list[Mention]) -> tuple[tuple[int, int], ...]:
    """Named things a claim is set against, by where the sentence names them.

    Between verb and number for "outperforming X and Y by 13.8%"; right after
    "over", "compared to" or "than" for "a 15% gain over SFT models"; and for
    "... compared to W2SG: mathematical reasoning (+22.62%)", after the last such cue before it.
    """
    named = [m for m in mentions if sentence.start <= m.start < sentence.end]
    named = [m for m in named if m.entity_type is not EntityType.TASK and not m.proposed]
    if match.re is _BY and _BEATING.match(match.group("verb")):
        window = (match.start(), match.end())
    elif match.re is _SIGNED and (cues := list(_COMPARED.finditer(sentence.text, 0, match.start()))):
        window = (cues[-1].end(), match.start())
    elif (cue := _COMPARED.match(sentence.text, match.end() + 1)) is not None:
        clause_end = re.search(r",|;| and ", sentence.text[cue.end() :])
        window = (cue.end(), cue.end() + (clause_end.start() if clause_end else len(sentence.text)))
    else:
        return ()
    low, high = sentence.start + window[0], sentence.start + window[1]
    return tuple((m.start, m.end) for m in named if low <= m.start < high)


def find_links(abstract: str) -> list[Link]:
    """Every URL in an abstract, marked as code when it points at a code host.

    Example:
        >>> links = find_links("Code at https://github.com/RM-R1-UIUC/RM-R1. Page: https://example.org/p/.")
        >>> [(link.url, link.is_code) for link in links]
        [('https://github.com/RM-R1-UIUC/RM-R1', True), ('https://example.org/p/', False)]
    """
    links = []
    for match in _URL.finditer(abstract):
        url = match.group().rstrip(".,;:")
        host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
        links.append(Link(url, host.removeprefix("www.") in _CODE_HOSTS))
    return links
