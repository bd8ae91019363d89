from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.query import Table, format_table, named_queries, named_query, select


def run(seed_graph, query_name: str, **bindings: str) -> list[dict[str, str]]:
    return select(seed_graph.rdf, named_query(query_name).text, bindings).records()


def test_query_every_named_query_has_a_description_and_runs(seed_graph):
    queries = named_queries()
    assert len(queries) >= 6
    for query in queries.values():
        assert query.description and not query.description.startswith("PREFIX")
        select(seed_graph.rdf, query.text)


def test_query_techniques_by_paper_bound_to_grpo(seed_graph):
    rows = run(seed_graph, "techniques_by_paper", technique="Group Relative Policy Optimization")
    assert [row["paper"][:30] for row in rows] == [
        "Current Large Language Models ",
        "Tool-integrated reasoning (TIR",
    ]


def test_query_models_by_paper(seed_graph):
    rows = run(seed_graph, "models_by_paper")
    models = {}
    for row in rows:
        models.setdefault(row["paper"][:20], set()).add(row["model"])
    assert models["Reward modeling is e"] == {"GPT-4o", "Llama3.1-405B", "RM-R1"}
    assert models["Tool-integrated reas"] == {"Qwen2.5", "Qwen-Math"}
    assert models["The emergence of Lar"] == {"ChatGPT", "DeepSeek-R1", "OpenAI o1", "OpenAI o3"}
    assert models["Large Language Model"] == {"GPT-4o-mini"}


def test_query_proposals(seed_graph):
    rows = {(row["contribution"], row["class"]) for row in run(seed_graph, "proposals")}
    assert {
        ("DyMU", "Method"),
        ("MultiAgentBench", "Benchmark"),
        ("Alice", "Method"),
        ("cascade Alice", "Method"),
        ("Optimal Tool Call-controlled Policy Optimization", "Method"),
        ("RM-R1", "Model"),
        ("TAMA", "Method"),
    } <= rows


def test_query_shared_techniques_include_grpo_between_otc_and_toolrl(seed_graph):
    rows = run(seed_graph, "shared_techniques")
    grpo = [(r["first"][:20], r["second"][:20]) for r in rows if r["technique"] == "Group Relative Policy Optimization"]
    assert grpo == [("Current Large Langua", "Tool-integrated reas")]


def test_query_co_mentions_are_counted_pairs(seed_graph):
    rows = run(seed_graph, "co_mentions")
    assert {
        "first": "Group Relative Policy Optimization",
        "second": "Reinforcement Learning",
        "papers": "2",
    } in rows
    assert all(row["first"] < row["second"] and int(row["papers"]) >= 2 for row in rows)


def test_query_most_mentioned_starts_with_llms_in_every_paper(seed_graph):
    rows = run(seed_graph, "most_mentioned")
    assert rows[0] == {"entity": "Large Language Model", "class": "Concept", "papers": "12"}


def test_query_evidence_gives_the_sentences(seed_graph):
    rows = run(seed_graph, "evidence", entity="DyMU")
    assert [row["sentence"][:40] for row in rows] == [
        "Extensive experiments on image and video",
        "We present DyMU, an efficient, training-",
    ]
    assert {row["extractor"] for row in rows} == {"kg_proposals", "kg_proposal_uses"}


@pytest.mark.parametrize(
    "name", ["grpo", "Group Relative Preference Optimization", "GROUP RELATIVE POLICY OPTIMIZATION"]
)
def test_query_find_entity_by_any_name(seed_graph, name):
    assert [row["label"] for row in run(seed_graph, "find_entity", name=name)] == ["Group Relative Policy Optimization"]


def test_query_values_are_bound_never_pasted(seed_graph):
    assert run(seed_graph, "find_entity", name='x" } UNION { ?iri ?p ?known } #') == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x a kg:Model ", "does not parse"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "only SELECT"),
        ("SELECT ?x WHERE { ?x a nope:Thing }", "could not be run"),
    ],
)
def test_query_bad_queries_raise_query_error(seed_graph, text, message):
    with pytest.raises(QueryError, match=message):
        select(seed_graph.rdf, text)


def test_query_unknown_name_lists_the_known_ones():
    with pytest.raises(QueryError, match=r"known: .*co_mentions"):
        named_query("nope")


def test_query_formats():
    table = Table(("a", "b"), (("1", 'x, "y"'),))
    assert format_table(table, "csv") == 'a,b\n1,"x, ""y"""\n'
    assert format_table(table, "json") == '[\n  {\n    "a": "1",\n    "b": "x, \\"y\\""\n  }\n]\n'
    assert format_table(table).splitlines() == ["a  b", "-  ------", '1  x, "y"', "(1 row)"]
