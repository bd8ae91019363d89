from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_cli_build_prints_the_summary_and_writes_both_files(built):
    out, output = built
    assert "papers read:        12 (from 20 records)" in output
    assert "duplicates merged:  8" in output
    assert "entities:           67 (Model 10," in output
    assert "triples written:" in output and "time taken:" in output
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


def test_cli_build_reports_skipped_records_and_keeps_going(tmp_path):
    seed = tmp_path / "bad.txt"
    good = (SEEDS / "000_4856cdae89980d54.txt").read_text(encoding="utf-8").splitlines()[0]
    seed.write_bytes(b"no prefix\n" + good.encode() + b"\nAbstract:\xff\n")
    result = CliRunner().invoke(main, ["build", str(seed), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "skipped bad.txt:1: does not start with 'Abstract:'" in result.output
    assert "skipped bad.txt:3: not valid UTF-8" in result.output
    assert "papers read:        1 (from 1 records)" in result.output


def test_cli_build_missing_source(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "nowhere:0: no such file or folder" in result.output


def test_cli_query_text_and_formats(built):
    out, _ = built
    text = "SELECT ?name WHERE { ?e a kg:Benchmark ; rdfs:label ?name }"
    result = CliRunner().invoke(main, ["query", str(out / "graph.ttl"), text, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "MultiAgentBench"}]


def test_cli_query_file_and_named(built, tmp_path):
    out, _ = built
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:ScholarlyArticle }", encoding="utf-8")
    assert CliRunner().invoke(main, ["query", str(out), "--file", str(query), "--format", "csv"]).output == "n\n12\n"
    named = CliRunner().invoke(
        main, ["query", str(out), "--name", "find_entity", "--bind", "name=GRPO", "--format", "csv"]
    )
    assert named.output.splitlines()[1].startswith("Group Relative Policy Optimization,Technique,")


def test_cli_query_list():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) >= 6
    assert result.output.startswith("beaten ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT nonsense"], "does not parse"),
        ([], "exactly one of"),
        (["--name", "nope"], "no named query"),
        (["--name", "find_entity", "--bind", "novalue"], "VAR=VALUE"),
    ],
)
def test_cli_query_errors(built, args, message):
    out, _ = built
    result = CliRunner().invoke(main, ["query", str(out), *args])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize(
    "args", [[], ["--co-mentions"], ["--focus", "Group Relative Preference Optimization", "--depth", "2"]]
)
def test_cli_view_writes_a_page(built, tmp_path, args):
    out, _ = built
    page = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["view", str(out), "--out", str(page), *args])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {page}\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"), [(["--focus", "nothing here"], "names: none"), (["--max-nodes", "0"], "0")]
)
def test_cli_view_errors(built, tmp_path, args, message):
    out, _ = built
    result = CliRunner().invoke(main, ["view", str(out), "--out", str(tmp_path / "v.html"), *args])
    assert result.exit_code != 0
    assert message in result.output
