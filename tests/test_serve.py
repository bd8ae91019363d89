"""The SPARQL endpoint, queried by real clients: curl, SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from kg.pipeline import build_store
from kg.serve import EndpointLimits, endpoint_url, make_server
from tests.conftest import ROOT, SEEDS, require_tool

MODELS = "SELECT ?name WHERE { ?m a kg:Model ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "kgstore"
    build_store([SEEDS], path)
    return path


@contextmanager
def _serving(path: Path) -> Iterator[str]:
    """A running endpoint with a short time limit and a small answer limit."""
    server = make_server(path, port=0, limits=EndpointLimits(seconds=2.0, answer_bytes=200_000))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield endpoint_url(server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def endpoint(store):
    with _serving(store) as url:
        yield url


def _get(url: str, query: str, accept: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


def test_serve_sparqlwrapper_get_json_and_post_csv(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(MODELS)
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert {"GPT-4o", "GPT-4o-mini", "Llama3.1-405B"} <= set(names)
    client.setMethod(POST)
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1:] == names


def test_serve_rdflib_sparqlstore(endpoint):
    graph = Graph(SPARQLStore(endpoint))
    rows = list(graph.query("SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://schema.org/ScholarlyArticle> }"))
    assert int(rows[0][0]) == 12


def test_serve_curl_named_query_and_content_negotiation(endpoint):
    curl = require_tool("curl")
    query = (ROOT / "kg" / "queries" / "most_mentioned.rq").read_text(encoding="utf-8")
    tsv = subprocess.run([curl, "-sf", "-H", "Accept: text/tab-separated-values", "--data-urlencode",
                          f"query={query}", endpoint], capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert tsv.splitlines()[0].startswith("?")
    assert any('"Large Language Model"' in line for line in tsv.splitlines()[1:4])
    xml = subprocess.run([curl, "-sf", "-G", "-H", "Accept: application/sparql-results+xml", "--data-urlencode",
                          f"query={MODELS}", endpoint], capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "<literal>GPT-4o</literal>" in xml


def test_serve_construct_as_turtle_and_ntriples(endpoint):
    construct = "CONSTRUCT { ?m a kg:Model } WHERE { ?m a kg:Model }"
    status, media, turtle = _get(endpoint, construct, "text/turtle")
    assert (status, media.split(";")[0]) == (200, "text/turtle")
    assert len(Graph().parse(data=turtle, format="turtle")) == 10
    status, media, triples = _get(endpoint, construct, "application/n-triples")
    assert media.startswith("application/n-triples") and len(triples.strip().splitlines()) == 10


def test_serve_refuses_updates(endpoint):
    request = urllib.request.Request(endpoint, data=b"INSERT DATA { <a:b> <a:c> <a:d> }", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    status, _, message = _get(endpoint, "DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and "read-only" in message
    assert _get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2].split()[1] != "0"


def test_serve_malformed_query_is_a_400_with_the_position(endpoint):
    status, _, message = _get(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and message.startswith("malformed query") and "1:" in message


def test_serve_stops_a_query_at_the_time_limit(endpoint):
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, message = _get(endpoint, endless)
    assert status == 503 and "time limit of 2 s" in message
    assert _get(endpoint, MODELS)[0] == 200  # and the endpoint still answers


def test_serve_refuses_an_answer_over_the_size_limit(endpoint):
    status, _, message = _get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 503 and "LIMIT" in message


def test_serve_query_page_offers_every_named_query(endpoint):
    with urllib.request.urlopen(endpoint.removesuffix("sparql")) as response:
        page = response.read().decode()
    assert "most_mentioned" in page and "find_entity" in page and 'action="/sparql"' in page


def test_serve_answers_with_papers_added_while_it_runs(tmp_path):
    store = tmp_path / "kgstore"
    build_store([SEEDS], store)
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://schema.org/ScholarlyArticle> }"
    with _serving(store) as endpoint:
        before = json.loads(_get(endpoint, count, "application/sparql-results+json")[2])
        assert before["results"]["bindings"][0]["n"]["value"] == "12"
        build_store([ROOT / "tests" / "data" / "arxiv_grpo.jsonl"], store, add=True)
        after = json.loads(_get(endpoint, count, "application/sparql-results+json")[2])
        assert int(after["results"]["bindings"][0]["n"]["value"]) > 12


def test_serve_a_turtle_file(tmp_path, seed_graph):
    turtle, _ = seed_graph.save(tmp_path)
    with _serving(turtle) as endpoint:
        status, _, answer = _get(endpoint, MODELS, "text/csv")
    assert status == 200 and "GPT-4o-mini" in answer.splitlines()
