"""Extract, name shapes: find model names and named variants by how they are written.

Model names follow a family name with versions, sizes and variant words
("GPT-4o", "gpt-4o-mini", "Qwen-2.5", "Qwen-Math", "Llama3.1-405B",
"DeepSeek-R1", "OpenAI-o1/o3"). Named variants are hyphenated compounds of
capitalised parts ("OTC-PPO", "RM-R1") that name something other than their parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.text import mask_urls, text_of
from kg.model import EntityType

__all__ = ["ModelName", "NameShapeMatcher", "ShapedName", "find_shaped_names", "parse_model_name"]

# Families whose bare name is distinctive enough to be a model without a version.
FAMILIES_ALONE = (
    "ChatGPT", "GPT", "Llama", "LLaMA", "CodeLlama", "Qwen", "QwQ", "DeepSeek", "Claude", "Gemini",
    "Gemma", "Mistral", "Mixtral", "PaLM", "Vicuna", "InternLM", "InternVL", "LLaVA", "ChatGLM",
    "Baichuan", "OLMo", "StarCoder", "BERT", "RoBERTa", "CLIP", "SigLIP", "Nemotron", "MiniCPM",
)  # fmt: skip
# Families that name a model only with a version after them: "Phi-3" and "Seed-1.5", never "phi" or "seed".
FAMILIES = (
    *FAMILIES_ALONE,
    "OpenAI", "Phi", "Falcon", "GLM", "Grok", "Kimi", "Pythia", "Yi", "BLOOM", "Flan-T5", "T5",
    "Whisper", "Granite", "Hunyuan", "Seed", "Doubao", "ERNIE", "Command",
)  # fmt: skip
VARIANT_WORDS = (
    "mini", "turbo", "pro", "flash", "nano", "max", "plus", "preview", "instruct", "chat", "base",
    "coder", "math", "vision", "vl", "large", "small", "medium", "lite", "sonnet", "opus", "haiku",
    "ultra", "omni", "distill", "it", "hf", "thinking", "reasoner", "audio",
)  # fmt: skip
_VERSION = r"(?:[vV]?\d+(?:\.\d+)*[a-zA-Z]?(?:x\d+[bBmM])?|[oR]\d+|\d+[bBmMkK])"
_VARIANT = "|".join(VARIANT_WORDS)
# A LaTeX tie ("Gemini~2.5~Pro") is a space; a capitalised variant word may follow a version unseparated ("Qwen2.5VL").
_SEGMENT = (
    rf"(?:[-_]?{_VERSION}|-(?:[A-Z][A-Za-z]*\d*|(?i:{_VARIANT}))|[\s~](?:{_VERSION}|(?i:{_VARIANT}))\b"
    rf"|(?<=\d)(?:[A-Z][a-z]+|[A-Z]{{2,}})(?=[-_\s~]|$|[^\w.]))"
)
_FAMILY = "|".join(sorted(FAMILIES, key=len, reverse=True))
# A name ends at the end of a word, not inside a version ("Qwen2" is no name in "Qwen2.5VL").
_NAME_END = r"(?![\w]|\.\d)"
# With a version a family may be written in any case ("gpt-4o-mini"); alone it must have its own case.
_VERSIONED_MODEL = re.compile(rf"(?<![\w\-])(?i:{_FAMILY})(?:[-_\s~]?{_VERSION}){_SEGMENT}*{_NAME_END}")
_FAMILY_ALONE = "|".join(sorted(FAMILIES_ALONE, key=len, reverse=True))
_FAMILY_MODEL = re.compile(rf"(?<![\w\-])(?:{_FAMILY_ALONE}){_SEGMENT}*(?![\w\-~])")
_OPENAI_REASONING = re.compile(r"(?<![\w\-])(?:OpenAI[-\s])?o[134](?:-(?:mini|pro|preview))?(?![\w\-])")
_SLASH_VERSION = re.compile(r"/(o\d|\d+(?:\.\d+)*[a-zA-Z]?)(?![\w\-])")
# Capitalised parts, at least one an acronym or carrying a digit: OTC-PPO, RM-R1, DeepSeek-R1.
_STRONG_PART = r"(?:[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|[A-Z]+\d+[A-Za-z0-9]*|[A-Z][a-z]*\d+[A-Za-z0-9]*)"
_COMPOUND = re.compile(rf"(?<![\w\-]){_STRONG_PART}(?:-{_STRONG_PART})+(?![\w\-])")
_HAS_VERSION = re.compile(r"\d")
_SPACES = re.compile(r"[\s~]+")  # a line break or a LaTeX tie inside a name is a space
_LAST_VERSION = re.compile(r"(?:o\d|\d+(?:\.\d+)*[a-zA-Z]?)$")


@dataclass(frozen=True, slots=True)
class ShapedName:
    """A name found by its shape: where it is, its class, and the full name it stands for."""

    start: int
    end: int
    entity_type: EntityType
    canonical: str


def find_shaped_names(text: str) -> list[ShapedName]:
    """Find model names and named variants in ``text``; overlapping finds are all returned.

    Example:
        >>> [(n.canonical, n.entity_type.value) for n in find_shaped_names("OpenAI-o1/o3 and OTC-PPO")]
        [('OpenAI-o1', 'Model'), ('OpenAI-o3', 'Model'), ('OTC-PPO', 'Method')]
    """
    text = mask_urls(text)
    found: dict[tuple[int, int], ShapedName] = {}
    for name in _models(text):
        found.setdefault((name.start, name.end), name)
    for match in _COMPOUND.finditer(text):
        if (match.start(), match.end()) not in found:
            kind = EntityType.MODEL if _HAS_VERSION.search(match.group()) else EntityType.METHOD
            found[match.span()] = ShapedName(match.start(), match.end(), kind, match.group())
    return [found[key] for key in sorted(found)]


def _models(text: str) -> Iterator[ShapedName]:
    for pattern in (_VERSIONED_MODEL, _FAMILY_MODEL, _OPENAI_REASONING):
        for match in pattern.finditer(text):
            name = match.group().rstrip()
            canonical = _SPACES.sub(" ", name)
            yield ShapedName(match.start(), match.start() + len(name), EntityType.MODEL, canonical)
            yield from _slash_siblings(text, canonical, match.start() + len(name))


def _slash_siblings(text: str, first: str, end: int) -> Iterator[ShapedName]:
    """Yield the models after slashes: in "OpenAI-o1/o3" the second takes the first one's family."""
    stem = _LAST_VERSION.sub("", first)
    position = end
    while sibling := _SLASH_VERSION.match(text, position):
        version = sibling.group(1)
        yield ShapedName(sibling.start(1), sibling.end(1), EntityType.MODEL, stem + version)
        position = sibling.end()


@dataclass(frozen=True, slots=True)
class ModelName:
    """A model name taken apart: its family, and the version and parameter count it carries ("" if none)."""

    family: str
    version: str
    size: str


_SIZE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:x\d+)?[BMbm])(?![\w])")
_MODEL_VERSION = re.compile(r"(?<![\w.])v?(\d+(?:\.\d+)*[a-z]?|[oR]\d+(?:\.\d+)?)(?![\w.])")


def parse_model_name(name: str) -> ModelName | None:
    """Take a model name apart, or return None when it starts with no known family.

    Example:
        >>> parse_model_name("Llama3.1-405B")
        ModelName(family='Llama', version='3.1', size='405B')
        >>> parse_model_name("Qwen-Math"), parse_model_name("RM-R1")
        (ModelName(family='Qwen', version='', size=''), None)
    """
    family = next((f for f in _FAMILIES_LONGEST_FIRST if name.lower().startswith(f.lower())), None)
    if family is None:
        return None
    rest = re.sub(r"[-_]", " ", name[len(family) :])
    size = _SIZE.search(rest)
    if size:
        rest = rest[: size.start()] + rest[size.end() :]
    version = _MODEL_VERSION.search(rest)
    size_text = size.group(1)[:-1] + size.group(1)[-1].upper() if size else ""
    return ModelName(family, version.group(1) if version else "", size_text)


_FAMILIES_LONGEST_FIRST = sorted(FAMILIES, key=len, reverse=True)


@Language.factory("kg_name_shapes", assigns=["doc.spans"], default_config={"spans_key": "kg_name_shapes"})
def make_name_shape_matcher(nlp: Language, name: str, spans_key: str) -> NameShapeMatcher:
    """Create the name-shape component."""
    return NameShapeMatcher(spans_key)


class NameShapeMatcher:
    """Put a span on each shaped name, labelled with its class, its full name as ``kb_id_``."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` and return it."""
        spans = []
        for name in find_shaped_names(text_of(doc)):
            span = doc.char_span(name.start, name.end, alignment_mode="expand")
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label=name.entity_type.value, kb_id=name.canonical))
        doc.spans[self.spans_key] = spans
        return doc
