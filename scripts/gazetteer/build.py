"""Build kg/extract/data/gazetteer.jsonl from the curated list and third-party lists.

Run from the repository root with the shared evaluation data beside it:

    python scripts/gazetteer/build.py --shared ../shared

Sources (each entry records which one it came from):
  curated        scripts/gazetteer/curated.tsv, written by the PaperKG developers
  litellm        LiteLLM model_prices_and_context_window.json (MIT): model ids of chat models,
                 provider/region prefixes and date suffixes stripped
  lm-eval        EleutherAI lm-evaluation-harness task families (MIT), display names from
                 each family's README heading
  nlp-tdms       NLP-TDMS knowledge base, Hou et al. ACL 2019 (Apache-2.0): tasks, datasets, metrics

An alias is matched regardless of case unless it is short, or a single word that
arXiv abstracts use as an ordinary lower-case word (counted over the
arxiv-daily-dengwei corpus, CC0 metadata); those are matched with their exact case.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import re
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.normalise import name_key  # noqa: E402

OUTPUT = ROOT / "kg" / "extract" / "data" / "gazetteer.jsonl"
CURATED = Path(__file__).with_name("curated.tsv")
COMMON_WORD_SHARE = 0.002
ABSTRACTS_FOR_COMMON_WORDS = 30_000

Entry = dict[str, object]


def curated() -> Iterator[Entry]:
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, kind, aliases = [*line.split("\t"), ""][:3]
            yield {
                "name": name,
                "type": kind,
                "aliases": [a for a in aliases.split("|") if a],
                "source": "curated",
            }


_DATE_SUFFIX = re.compile(r"(-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|@\d+|-v\d+(:\d+)?|:\d+|-latest|-preview)+$")
_PROVIDER_PREFIX = re.compile(r"^((us|eu|apac|global|au|jp)\.)?([a-z0-9-]+\.)?(?=[a-z])")
_LITELLM_MODES = {"chat", "completion", "responses"}


def litellm(shared: Path) -> Iterator[Entry]:
    path = shared / "eval/gazetteer-litellm-models/model_prices_and_context_window_backup.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for model_id, spec in table.items():
        if model_id == "sample_spec" or spec.get("mode") not in _LITELLM_MODES or "ft:" in model_id:
            continue
        name = model_id.rsplit("/", 1)[-1]
        if "." in name.split("-")[0] and not re.match(r"^[a-z]+\d", name):
            name = _PROVIDER_PREFIX.sub("", name, count=1)
        name = _DATE_SUFFIX.sub("", name)
        if re.match(r"v\d", name):  # a version whose family went with a prefix: "deepseek.v3.2"
            continue
        if re.fullmatch(r"[a-z][a-z0-9.]*(-[a-z0-9.]+)*", name.lower()) and re.search(r"\d", name) and len(name) >= 4:
            names.add(name)
    for name in sorted(names):
        yield {"name": name, "type": "Model", "aliases": [], "source": "litellm"}


def lm_eval(shared: Path) -> Iterator[Entry]:
    folder = shared / "eval/gazetteer-lm-eval-tasks"
    headings = _readme_headings(folder / "per_task_READMEs.tar.xz")
    for row in (folder / "tasks_README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*\[([^\]]+)\]\(([^)]+)/README\.md\)", row)
        if not match:
            continue
        family, readme_dir = match.groups()
        heading = headings.get(readme_dir.rsplit("/", 1)[-1], "")
        display = heading if heading and name_key(heading).replace(" ", "") == family.replace("_", "") else ""
        name = display or (family.upper() if len(family) <= 6 else family)
        aliases = sorted({family, family.replace("_", "-")} - {name})
        yield {"name": name, "type": "Benchmark", "aliases": aliases, "source": "lm-eval"}


def _readme_headings(tarball: Path) -> dict[str, str]:
    headings: dict[str, str] = {}
    with tarfile.open(tarball, "r:xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith("README.md"):
                text = archive.extractfile(member).read().decode("utf-8", "replace")  # type: ignore[union-attr]
                first = next((ln for ln in text.splitlines() if ln.startswith("# ")), "")
                headings[Path(member.name).parent.name] = first[2:].strip()
    return headings


def nlp_tdms(shared: Path) -> Iterator[Entry]:
    folder = shared / "eval/gazetteer-nlp-tdms-kb"
    kinds = {"taskKB.tsv": "Task", "datasetKB.tsv": "Benchmark", "evaMatrixKB.tsv": "Metric"}
    for file, kind in kinds.items():
        for line in (folder / file).read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 2:
                continue
            name = re.sub(r"\s*\(.*\)$", "", fields[1].replace("_", " ")).strip()
            if name and len(name.split()) <= 4:
                yield {"name": name, "type": kind, "aliases": [], "source": "nlp-tdms"}


def common_words(shared: Path) -> set[str]:
    """Lower-case words that appear in a noticeable share of real abstracts."""
    tarball = next((shared / "eval/arxiv-daily-dengwei").glob("*.tar.xz"))
    counts: collections.Counter[str] = collections.Counter()
    seen = 0
    with tarfile.open(tarball, "r:xz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            for raw in io.TextIOWrapper(archive.extractfile(member), encoding="utf-8"):  # type: ignore[arg-type]
                counts.update(set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", json.loads(raw)["summary"])))
                seen += 1
            if seen >= ABSTRACTS_FOR_COMMON_WORDS:
                break
    return {word for word, count in counts.items() if count >= COMMON_WORD_SHARE * seen}


def exact_case(alias: str, common: set[str]) -> bool:
    """Whether an alias must match with its own case: short names and ordinary words."""
    if " " in alias or re.search(r"[\d\-]", alias):
        return len(alias) <= 3
    return len(alias) <= 5 or alias.lower() in common


def ordinary_word(form: str, common: set[str]) -> bool:
    """A lower-case word of everyday prose ("score", "arithmetic"): no use as a third-party alias."""
    return form.isalpha() and form.islower() and (form in common or len(form) <= 5)


def merge(entries: list[Entry], common: set[str]) -> list[Entry]:
    """Keep the first entry for each name key; later entries only add aliases no one else holds.

    Third-party names that are ordinary lower-case words are dropped: only the
    curated list may decide that a plain word names something.
    """
    owner: dict[str, int] = {}
    merged: list[Entry] = []
    for entry in entries:
        forms = [str(entry["name"]), *map(str, entry["aliases"])]  # type: ignore[call-overload]
        if entry["source"] != "curated":
            forms = [f for f in forms if not ordinary_word(f, common)]
            if not forms:
                continue
        keys = [name_key(f) for f in forms]
        if keys[0] in owner:
            continue
        free = [(f, k) for f, k in zip(forms, keys, strict=True) if k not in owner]
        if not free or free[0][0] != forms[0]:
            continue
        for _, key in free:
            owner[key] = len(merged)
        aliases = [f for f, _ in free[1:]]
        merged.append(
            {
                "name": forms[0],
                "type": entry["type"],
                "aliases": aliases,
                "exact_case": sorted(f for f in [forms[0], *aliases] if exact_case(f, common)),
                "source": entry["source"],
            }
        )
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    entries = [*curated(), *lm_eval(args.shared), *nlp_tdms(args.shared), *litellm(args.shared)]
    merged = merge(entries, common_words(args.shared))
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        for entry in merged:
            out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    by_source = collections.Counter(str(e["source"]) for e in merged)
    print(f"wrote {len(merged)} entries to {OUTPUT.relative_to(ROOT)}: {dict(sorted(by_source.items()))}")


if __name__ == "__main__":
    main()
