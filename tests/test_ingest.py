from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import IngestError
from kg.ingest import MAX_ABSTRACT_CHARS, MAX_LINE_BYTES, read_papers
from tests.conftest import SEEDS, seed_abstract

DYMU = seed_abstract("We present DyMU")
TOOLRL = seed_abstract("Current Large Language Models")


def test_ingest_seeds_give_twelve_papers_from_twenty_lines():
    result = read_papers([SEEDS])
    assert result.records_read == 20
    assert len(result.papers) == 12
    assert result.duplicates_merged == 8
    assert result.problems == ()


def test_ingest_a_repeated_abstract_remembers_both_files_and_lines():
    result = read_papers([SEEDS])
    dymu = next(p for p in result.papers if p.abstract.startswith("We present DyMU"))
    assert [str(s) for s in dymu.sources] == [
        "seeds/000_4856cdae89980d54.txt:3",
        "seeds/001_ba0754e416111973.txt:1",
    ]
    assert not dymu.abstract.startswith("Abstract:")


def test_ingest_identity_ignores_case_and_spacing(write_seed):
    first = write_seed("a.txt", f"Abstract:{DYMU}\n")
    second = write_seed("b.txt", f"Abstract:  {DYMU.upper().replace(' ', '   ')}\n")
    result = read_papers([first, second])
    assert len(result.papers) == 1
    assert len(result.papers[0].sources) == 2


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"", 0, "empty"),
        (b"   \n\n", 0, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0, "binary"),
        (b"Title: not an abstract\n", 1, "does not start with 'Abstract:'"),
        (b"Abstract:   \n", 1, "abstract is empty"),
        (b"Abstract:caf\xe9 au lait\n", 1, "not valid UTF-8"),
    ],
)
def test_ingest_bad_input_is_reported_with_file_and_line(write_seed, content, line, reason):
    path = write_seed("bad.txt", content)
    result = read_papers([path])
    assert result.papers == ()
    (problem,) = result.problems
    assert problem.path == "bad.txt" and problem.line == line
    assert reason in str(problem)
    assert str(problem).startswith(f"bad.txt:{line}: ")


def test_ingest_bad_records_do_not_stop_good_ones(write_seed):
    mixed = b"\n".join(
        [
            f"Abstract:{DYMU}".encode(),
            b"no prefix here",
            b"Abstract:\xff\xfe broken bytes",
            f"Abstract:{TOOLRL}".encode(),
            b"Abstract:",
        ]
    )
    result = read_papers([write_seed("mixed.txt", mixed)])
    assert [p.abstract for p in result.papers] == [DYMU, TOOLRL]
    assert [(p.line, p.reason.split()[0]) for p in result.problems] == [(2, "does"), (3, "not"), (5, "the")]


def test_ingest_a_huge_abstract_is_skipped_not_loaded_whole(write_seed):
    huge = "Abstract:" + "x " * MAX_ABSTRACT_CHARS
    result = read_papers([write_seed("huge.txt", f"{huge}\nAbstract:{DYMU}\n")])
    assert len(result.papers) == 1
    assert "over" in result.problems[0].reason


def test_ingest_a_line_too_long_to_hold_is_skipped_and_the_next_read(write_seed):
    giant = b"Abstract:" + b"y" * (MAX_LINE_BYTES * 3) + b"\n"
    result = read_papers([write_seed("giant.txt", giant + f"Abstract:{DYMU}\n".encode())])
    assert [p.abstract for p in result.papers] == [DYMU]
    assert [(p.line, p.reason) for p in result.problems] == [(1, f"the line is over {MAX_LINE_BYTES:,} bytes")]


def test_ingest_windows_line_endings(write_seed):
    result = read_papers([write_seed("crlf.txt", f"Abstract:{DYMU}\r\nAbstract:{TOOLRL}\r\n")])
    assert [p.abstract for p in result.papers] == [DYMU, TOOLRL]


def test_ingest_a_missing_source_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_papers([tmp_path / "nowhere.txt"])


def test_ingest_reads_a_folder_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text(f"Abstract:{TOOLRL}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"Abstract:{DYMU}\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a seed file", encoding="utf-8")
    result = read_papers([tmp_path])
    assert [str(p.sources[0]).split("/")[-1] for p in result.papers] == ["a.txt:1", "b.txt:1"]


@given(st.binary(max_size=400))
def test_ingest_any_bytes_give_papers_or_problems_never_a_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "seed.txt"
    path.write_bytes(data)
    result = read_papers([path])
    for paper in result.papers:
        assert paper.abstract.strip() and "\x00" not in paper.abstract
    for problem in result.problems:
        assert problem.path == "seed.txt"
