"""Train the statistical recogniser shipped in kg/extract/data/recogniser/.

Run from the repository root with the shared evaluation data beside it:

    python scripts/recogniser/train.py --shared ../shared

The shipped model is trained on SciREX's train documents (Jain et al. ACL 2020,
Apache-2.0): ML papers with every Method, Task, Metric and Material mention
annotated. SciERC (no licence stated) and SciER (GPL-3.0) are used only to
evaluate, never to train what ships. ``--corpus scierc`` trains on SciERC's
train split instead, into build/recogniser-scierc/, for local comparison only.

Documents are held out for spaCy's dev scoring by a hash of their paper id, so
the split never changes between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.evaluate.gold import GoldDocument, read_gold  # noqa: E402

CONFIG = Path(__file__).with_name("config.cfg")
SHIPPED = ROOT / "kg" / "extract" / "data" / "recogniser"
DEV_SHARE = 10  # percent of papers held out for spaCy's own dev scoring

# Each corpus' labels -> our EntityType values. Unlisted labels are not learned.
LABELS = {
    "scirex": {"Method": "Method", "Task": "Task", "Metric": "Metric", "Material": "Benchmark"},
    "scierc": {"Method": "Method", "Task": "Task", "Metric": "Metric", "Material": "Benchmark"},
}


def to_docbin(documents: list[GoldDocument], labels: dict[str, str]) -> tuple[DocBin, int]:
    """Tokenise as the pipeline does and align gold spans to tokens; return the docs and spans lost to alignment."""
    nlp = spacy.blank("en")
    docs, lost = DocBin(), 0
    for document in documents:
        doc = nlp.make_doc(document.text)
        spans = []
        for gold in document.spans:
            if gold.label in labels:
                span = doc.char_span(gold.start, gold.end, label=labels[gold.label], alignment_mode="expand")
                if span is None:
                    lost += 1
                else:
                    spans.append(span)
        kept = filter_spans(spans)
        lost += len(spans) - len(kept)
        doc.ents = kept
        docs.add(doc)
    return docs, lost


def held_out(document: GoldDocument) -> bool:
    paper = document.doc_id.split("#")[0]
    return int(hashlib.sha256(paper.encode()).hexdigest(), 16) % 100 < DEV_SHARE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpus", choices=sorted(LABELS), default="scirex")
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()

    work = ROOT / "build" / f"recogniser-{arguments.corpus}"
    work.mkdir(parents=True, exist_ok=True)
    documents = read_gold(arguments.corpus, "train", arguments.shared)
    splits = {"train": [d for d in documents if not held_out(d)], "dev": [d for d in documents if held_out(d)]}
    for name, chosen in splits.items():
        docs, lost = to_docbin(chosen, LABELS[arguments.corpus])
        docs.to_disk(work / f"{name}.spacy")
        print(f"{name}: {len(chosen)} documents, {lost} spans lost to token alignment or overlap")

    command = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(work / "model")]
    command += ["--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy")]
    environment = {"OMP_NUM_THREADS": str(arguments.threads), "OPENBLAS_NUM_THREADS": str(arguments.threads)}
    subprocess.run(command, check=True, env={**os.environ, **environment})

    if arguments.corpus == "scirex":
        shutil.rmtree(SHIPPED, ignore_errors=True)
        shutil.copytree(work / "model" / "model-best", SHIPPED)
        print(f"shipped: {SHIPPED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
