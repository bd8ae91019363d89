"""Issue 6's examples, asked of the built graph: each edge reaches its evidence sentence."""

from __future__ import annotations

import pytest

import kg
from kg.query import named_query, select


def ask(graph, query: str, **bindings: str) -> list[dict[str, str]]:
    return graph.sparql(query, **bindings)


@pytest.mark.parametrize(
    ("subject", "relation", "target", "words"),
    [
        ("OTC-PPO", "basedOn", "Proximal Policy Optimization", "resulting in OTC-PPO and OTC-GRPO"),
        ("OTC-GRPO", "basedOn", "Group Relative Policy Optimization", "resulting in OTC-PPO and OTC-GRPO"),
        ("cascade Alice", "variantOf", "Alice", "we introduce cascade Alice"),
        ("DyMU", "hasPart", "Dynamic Token Merging", "First, Dynamic Token Merging (DToMe)"),
        ("DyMU", "hasPart", "Virtual Token Unmerging", "Second, Virtual Token Unmerging (VTU)"),
        ("MultiAgentBench", "evaluates", "GPT-4o-mini", "gpt-4o-mini reaches the average highest task score"),
        ("GPT-4o-mini", "evaluatedOn", "MultiAgentBench", "gpt-4o-mini reaches"),
        ("RM-R1", "outperforms", "Llama3.1-405B", "by up to 13.8%"),
        ("RM-R1", "outperforms", "GPT-4o", "by up to 13.8%"),
        (
            "Optimal Tool Call-controlled Policy Optimization",
            "usesModel",
            "Qwen2.5",
            "Experiments with Qwen-2.5",
        ),
        ("Optimal Tool Call-controlled Policy Optimization", "usesModel", "Qwen-Math", "and Qwen-Math"),
    ],
)
def test_claims_edges_hold_with_their_sentence(seed_graph, subject, relation, target, words):
    rows = ask(seed_graph, f"""
        SELECT ?sentence ?paper WHERE {{
          ?s rdfs:label ?subject . ?o rdfs:label ?target .
          ?s kg:{relation} ?o .
          ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate kg:{relation} ; rdf:object ?o ;
              kg:sentence ?sentence ; kg:inPaper/schema:abstract ?paper .
        }}""", subject=subject, target=target)  # fmt: skip
    assert rows, f"{subject} {relation} {target}"
    assert all(words in row["sentence"] and row["sentence"] in row["paper"] for row in rows)


def test_claims_toolrl_trains_with_grpo(seed_graph):
    rows = ask(
        seed_graph,
        """
        SELECT ?label WHERE { ?p kg:usesTechnique ?t ; a schema:ScholarlyArticle ; rdfs:label ?label .
                              ?t rdfs:label "Group Relative Policy Optimization" }""",
    )
    assert [row["label"][:30] for row in rows] == ["Current Large Language Models "]


def test_claims_what_each_paper_proposes(seed_graph):
    rows = select(seed_graph.rdf, named_query("proposals").text).records()
    proposed = {row["contribution"] for row in rows}
    expected = {"RM-R1", "Reasoning Reward Model", "Optimal Tool Call-controlled Policy Optimization", "OTC-PPO"}
    expected |= {"OTC-GRPO", "Alice", "cascade Alice", "DyMU", "MultiAgentBench", "TAMA"}
    assert expected <= proposed


def test_claims_paper_kinds(seed_graph):
    rows = ask(
        seed_graph,
        """
        SELECT ?kind (COUNT(?p) AS ?papers) WHERE { ?p a ?k ; kg:kindCue ?cue .
          FILTER (?k IN (kg:SurveyPaper, kg:MethodPaper, kg:BenchmarkPaper, kg:AnalysisPaper))
          BIND (STRAFTER(STR(?k), "#") AS ?kind) } GROUP BY ?kind ORDER BY ?kind""",
    )
    assert rows == [
        {"kind": "AnalysisPaper", "papers": "2"},
        {"kind": "BenchmarkPaper", "papers": "1"},
        {"kind": "MethodPaper", "papers": "6"},
        {"kind": "SurveyPaper", "papers": "3"},
    ]


def test_claims_model_families(seed_graph):
    rows = ask(
        seed_graph,
        """
        SELECT ?model ?family ?version ?size WHERE {
          ?m kg:memberOf/rdfs:label ?family ; rdfs:label ?model .
          OPTIONAL { ?m kg:modelVersion ?version } OPTIONAL { ?m kg:parameterCount ?size } } ORDER BY ?model""",
    )
    by_model = {row["model"]: (row["family"], row["version"], row["size"]) for row in rows}
    assert by_model["Llama3.1-405B"] == ("Llama", "3.1", "405B")
    assert by_model["Qwen2.5"][0] == by_model["Qwen-Math"][0] == "Qwen"
    assert len({e.name for e in seed_graph.entities("Model")} & {"Qwen2.5", "Qwen-Math"}) == 2


def test_claims_results(seed_graph):
    rows = select(seed_graph.rdf, named_query("results").text).records()
    claims = {(row["about"], row["value"], row["direction"], row["metric"]) for row in rows}
    assert ("Optimal Tool Call-controlled Policy Optimization", "73.1", "decrease", "tool calls") in claims
    assert (
        "Optimal Tool Call-controlled Policy Optimization",
        "229.4",
        "increase",
        "tool productivity",
    ) in claims
    assert ("Alice", "22.62", "increase", "mathematical reasoning") in claims
    dymu = next(row for row in rows if row["about"] == "DyMU")
    assert (dymu["value"], dymu["upper"], dymu["direction"]) == ("32.0", "85.0", "decrease")


def test_claims_code_links_on_paper_and_contribution(seed_graph):
    rows = ask(
        seed_graph,
        """
        SELECT ?label ?code WHERE { ?x schema:codeRepository ?code ; rdfs:label ?label } ORDER BY ?label ?code""",
    )
    by_label = {row["label"][:20]: row["code"] for row in rows}
    assert by_label["RM-R1"] == "https://github.com/RM-R1-UIUC/RM-R1"
    assert by_label["Reward modeling is e"] == "https://github.com/RM-R1-UIUC/RM-R1"
    assert by_label["MultiAgentBench"] == "https://github.com/MultiagentBench/MARBLE"
    pages = ask(seed_graph, "SELECT ?url WHERE { ?d rdfs:label 'DyMU' ; schema:url ?url }")
    assert pages == [{"url": "https://mikewangwzhl.github.io/dymu/"}]


def test_claims_named_queries(seed_graph):
    beaten = select(seed_graph.rdf, named_query("beaten").text).records()
    assert {(r["contribution"], r["beaten"], r["by"]) for r in beaten} == {
        ("RM-R1", "GPT-4o", "13.8%"),
        ("RM-R1", "Llama3.1-405B", "13.8%"),
    }
    built = select(seed_graph.rdf, named_query("built_into").text, {"object": "Group Relative Policy Optimization"})
    assert [(r["subject"], r["relation"]) for r in built.records()] == [("OTC-GRPO", "basedOn")]
    surveys = select(seed_graph.rdf, named_query("surveys_mentioning").text, {"technique": "LLM-as-a-Judge"})
    assert [r["survey"][:20] for r in surveys.records()] == ["Large Language Model"]


def test_claims_code_of_whatever_uses_a_technique(write_seed):
    seed = write_seed("code.txt", (
        "Abstract:We present FastRL, a framework for training agents. We train FastRL using Group Relative "
        "Policy Optimization (GRPO) on math problems. Code is at https://github.com/example/fastrl.\n"
    ))  # fmt: skip
    graph = kg.build([seed])
    rows = select(graph.rdf, named_query("code_of_users").text, {"technique": "Group Relative Policy Optimization"})
    assert {(r["user"], r["code"]) for r in rows.records()} == {("FastRL", "https://github.com/example/fastrl")}
