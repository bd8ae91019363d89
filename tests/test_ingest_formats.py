"""The bibliographic readers, on real-shaped files (tests/data) and on broken ones."""

from __future__ import annotations

import json

import pytest

import kg
from kg.ingest import read_papers
from kg.ingest.records import arxiv_identifier, doi_identifier, split_authors
from tests.conftest import ROOT, SEEDS

DATA = ROOT / "tests" / "data"
JSONL, CSV, BIB, ATOM = (DATA / name for name in ("arxiv_grpo.jsonl", "papers.csv", "papers.bib", "arxiv_query.atom"))
AGPO_TITLE = "Adaptive Group Policy Optimization: Towards Stable Training and Token-Efficient Reasoning"


def paper_titled(result, title: str):
    return next(p for p in result.papers if p.title == title)


def test_formats_jsonl_from_an_arxiv_crawl():
    result = read_papers([JSONL])
    assert result.problems == ()
    agpo = paper_titled(result, AGPO_TITLE)
    assert agpo.authors == ("Chen Li", "Nazhou Liu", "Kai Yang")
    assert agpo.identifiers == ("arXiv:2503.15952",)
    assert agpo.url == "https://arxiv.org/abs/2503.15952"
    assert "\n" not in agpo.abstract and agpo.abstract.startswith("Since DeepSeek-R1 popularized, Group Relative")


def test_formats_csv_keeps_good_rows_and_names_the_first_line_of_a_bad_one():
    result = read_papers([CSV])
    assert [p.identifiers for p in result.papers] == [("arXiv:2503.15952",), ("arXiv:2504.01805",)]
    assert paper_titled(result, AGPO_TITLE).venue == "arXiv"
    assert [str(p) for p in result.problems] == ["papers.csv:11: the record has no abstract"]


def test_formats_bibtex():
    result = read_papers([BIB])
    srmir = paper_titled(result, "SRMIR: Shadow Reward Models Based on Introspective Reasoning for LLM Alignment")
    assert srmir.authors == ("Ruoxi Cheng", "Shuirong Cao")
    assert srmir.identifiers == ("arXiv:2503.18991", "doi:10.48550/arxiv.2503.18991")
    assert srmir.year == "2025"
    assert [(p.line, p.reason.split(":")[0]) for p in result.problems] == [
        (28, "a broken BibTeX entry"),
        (48, "the record has no abstract"),
    ]


def test_formats_arxiv_atom():
    result = read_papers([ATOM])
    assert result.problems == ()
    spatial = result.papers[0]
    assert spatial.title == "Spatial-R1: Enhancing MLLMs in Video Spatial Reasoning"
    assert spatial.identifiers == ("arXiv:2504.01805",)
    assert spatial.url == "http://arxiv.org/abs/2504.01805v1"
    assert [str(s) for s in spatial.sources] == ["arxiv_query.atom:10"]


def test_formats_one_paper_from_four_files_by_its_arxiv_id():
    result = read_papers([JSONL, CSV, BIB, ATOM])
    agpo = paper_titled(result, AGPO_TITLE)
    assert [str(s) for s in agpo.sources] == [
        "arxiv_grpo.jsonl:1",
        "papers.csv:2",
        "papers.bib:32",
        "arxiv_query.atom:33",
    ]
    assert len(result.papers) == 3


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.jsonl",
            b'{"abstract": "fine"}\n{"abstract": \n[1, 2]\n',
            ["bad.jsonl:2: not valid JSON", "bad.jsonl:3: a JSON object"],
        ),
        ("bad.csv", b"title,year\nA,2020\n", ["bad.csv:1: the header row has no 'abstract' column"]),
        (
            "bad.csv",
            b'abstract,title\n"unclosed quote,\n',
            ["bad.csv:2: not valid CSV: unexpected end of data"],
        ),
        ("bad.bib", b"@misc{x, title={T}, abstract={caf\xe9}}", ["bad.bib:1: not valid UTF-8"]),
        ("bad.atom", b"<feed><entry><title>oops</feed>", ["bad.atom:1: not well-formed XML"]),
        ("bad.xml", b"<rss><channel/></rss>", ["bad.xml:1: not an Atom feed"]),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><feed>&b;</feed>',
            ["bomb.xml:0: refused unsafe XML"],
        ),
        ("empty.bib", b"", ["empty.bib:0: the file is empty"]),
    ],
)
def test_formats_broken_files_are_reported_by_line(write_seed, name, content, expected):
    result = read_papers([write_seed(name, content)])
    messages = [str(problem) for problem in result.problems]
    assert len(messages) == len(expected)
    for message, start in zip(messages, expected, strict=True):
        assert message.startswith(start)


def test_formats_unknown_suffix_is_an_error(write_seed):
    with pytest.raises(kg.IngestError, match=r"no reader for \.pdf"):
        read_papers([write_seed("paper.pdf", b"%PDF-1.7")])


def test_formats_a_folder_reads_every_known_format(tmp_path):
    for path in (JSONL, BIB):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    result = read_papers([tmp_path])
    assert len(result.papers) == 3


@pytest.mark.parametrize(
    ("text", "arxiv", "doi"),
    [
        ("http://arxiv.org/abs/2402.03300v2", "arXiv:2402.03300", ""),
        ("arXiv preprint arXiv:2402.03300", "arXiv:2402.03300", ""),
        ("https://doi.org/10.1145/3394486.3403172", "", "doi:10.1145/3394486.3403172"),
        ("hep-th/9901001", "arXiv:hep-th/9901001", ""),
    ],
)
def test_formats_identifiers(text, arxiv, doi):
    assert (arxiv_identifier(text), doi_identifier(text)) == (arxiv, doi)


def test_formats_authors():
    assert split_authors(["A. Turing", " Grace  Hopper "]) == ("A. Turing", "Grace Hopper")
    assert split_authors("Hopper, Grace; Lovelace, Ada") == ("Grace Hopper", "Ada Lovelace")
    assert split_authors(None) == ()


def test_formats_build_one_graph_with_the_seeds(tmp_path):
    graph = kg.build([SEEDS, BIB, ATOM, JSONL])
    assert len(graph.papers()) == 15
    rows = graph.sparql("""
        SELECT ?title ?author WHERE {
          ?p schema:name ?title ; kg:firstAuthor/schema:name ?author ;
             schema:sameAs <https://arxiv.org/abs/2503.18991> .
        }""")
    title = "SRMIR: Shadow Reward Models Based on Introspective Reasoning for LLM Alignment"
    assert rows == [{"title": title, "author": "Ruoxi Cheng"}]
    assert len(graph.papers_mentioning("GRPO")) == 5
    turtle, _ = graph.save(tmp_path)
    loaded = {p.paper_id: p for p in kg.load(turtle).papers()}
    for paper in graph.papers():
        assert loaded[paper.paper_id] == paper
    assert json.loads(json.dumps([p.title for p in loaded.values()]))
