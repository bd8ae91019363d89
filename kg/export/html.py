"""Export, HTML: a self-contained, offline viewer of the graph built with pyvis (vis-network).

pyvis lays out the network data; our own template replaces pyvis' page so
that nothing is fetched from a CDN (vis-network is inlined) and no input text
is ever parsed as HTML: all data travels as escaped JSON and is written into
the page with ``textContent``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph

from kg.errors import ExportError
from kg.export import atomic_write
from kg.graph import PAPER_KIND, rdf_to_nx
from kg.model import EntityType

__all__ = ["CLASS_COLOURS", "to_html", "write_html"]

CLASS_COLOURS = {
    PAPER_KIND: "#4b5563",
    EntityType.MODEL.value: "#2563eb",
    EntityType.METHOD.value: "#dc2626",
    EntityType.TECHNIQUE.value: "#059669",
    EntityType.BENCHMARK.value: "#d97706",
    EntityType.TASK.value: "#7c3aed",
    EntityType.METRIC.value: "#db2777",
    EntityType.CONCEPT.value: "#0891b2",
}
_VIS_VERSION = "vis-9.1.2"
_PAPER_LABEL_CHARS = 28
# Layout options: a fixed seed makes the picture the same every time the page opens.
_OPTIONS = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 600, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {"smooth": False, "color": {"inherit": False}},
}


def to_html(graph: Graph, *, title: str = "PaperKG") -> str:
    """Return the viewer page for ``graph`` as one self-contained HTML document."""
    view = rdf_to_nx(graph)
    data = _viewer_data(view)
    environment = Environment(
        loader=PackageLoader("kg.export", "templates"), autoescape=select_autoescape(["html"])
    )
    template = environment.get_template("viewer.html")
    return template.render(
        title=title,
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        data_json=_script_safe_json(data),
        options_json=_script_safe_json(_OPTIONS),
        colours=CLASS_COLOURS,
    )


def write_html(graph: Graph, path: Path, *, title: str = "PaperKG") -> Path:
    """Write the viewer page for ``graph`` to ``path``, atomically."""
    return atomic_write(path, to_html(graph, title=title).encode("utf-8"))


def _viewer_data(view: nx.MultiDiGraph) -> dict[str, Any]:
    """Nodes, edges and per-node details, built with pyvis so that vis-network reads them as it expects."""
    from pyvis.network import Network

    network = Network(directed=True, cdn_resources="remote")
    papers_of = Counter(
        entity for _, entity in {(p, e) for p, e, r in view.edges(data="relation") if r == "mentions"}
    )
    mention_counts = Counter((paper, entity) for paper, entity, relation in view.edges(data="relation"))
    for node, attributes in sorted(view.nodes(data=True)):
        network.add_node(node, **_node_style(node, attributes, view))
    for (paper, entity), count in sorted(mention_counts.items()):
        proposes = view.has_edge(paper, entity, key="proposes")
        network.add_edge(
            paper,
            entity,
            title="proposes" if proposes else "mentions",
            width=3 if proposes else 1,
            color=CLASS_COLOURS[EntityType.METHOD.value] if proposes else "#c7cbd1",
            arrows="to",
            mentions=count,
        )
    nodes, edges, *_ = network.get_network_data()
    return {
        "nodes": nodes,
        "edges": edges,
        "details": {node: _details(node, view, papers_of) for node in sorted(view.nodes)},
    }


def _node_style(node: str, attributes: dict[str, Any], view: nx.MultiDiGraph) -> dict[str, Any]:
    kind = attributes["kind"]
    label = attributes["label"]
    if kind == PAPER_KIND:
        short = label if len(label) <= _PAPER_LABEL_CHARS else label[:_PAPER_LABEL_CHARS].rstrip() + "…"
        return {
            "label": short,
            "title": label,
            "shape": "square",
            "size": 14,
            "color": CLASS_COLOURS[kind],
            "kind": kind,
        }
    papers = len({paper for paper, _ in view.in_edges(node)})
    aliases = attributes.get("aliases", ())
    title = (
        f"{label} ({kind})" + (f"\nalso: {', '.join(aliases)}" if aliases else "") + f"\n{papers} paper(s)"
    )
    return {
        "label": label,
        "title": title,
        "shape": "dot",
        "size": round(8 + 6 * math.sqrt(papers), 1),
        "color": CLASS_COLOURS[kind],
        "kind": kind,
    }


def _details(node: str, view: nx.MultiDiGraph, papers_of: Counter[str]) -> dict[str, Any]:
    attributes = view.nodes[node]
    if attributes["kind"] == PAPER_KIND:
        mentions = [
            {"entity": entity, "start": data["start"], "end": data["end"]}
            for _, entity, data in sorted(
                view.out_edges(node, data=True), key=lambda e: (e[2].get("start", -1), e[1])
            )
            if data["relation"] == "mentions"
        ]
        proposes = sorted(e for _, e, key in view.out_edges(node, keys=True) if key == "proposes")
        return {
            "kind": attributes["kind"],
            "label": attributes["label"],
            "abstract": attributes["abstract"],
            "mentions": mentions,
            "proposes": proposes,
        }
    return {
        "kind": attributes["kind"],
        "label": attributes["label"],
        "aliases": list(attributes.get("aliases", ())),
        "papers": papers_of[node],
        "evidence": _evidence(node, view),
    }


def _evidence(node: str, view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One item per sentence that mentions ``node``, with every mention in it marked."""
    sentences: dict[tuple[str, int], dict[str, Any]] = {}
    for paper, _, data in view.in_edges(node, data=True):
        if data["relation"] != "mentions":
            continue
        abstract = view.nodes[paper]["abstract"]
        offset = _sentence_offset(abstract, data["sentence"], data["start"])
        item = sentences.setdefault(
            (paper, offset), {"paper": paper, "sentence": data["sentence"], "marks": [], "extractors": []}
        )
        item["marks"].append({"start": data["start"] - offset, "end": data["end"] - offset})
        item["extractors"].append(data["extractor"])
    for item in sentences.values():
        item["marks"].sort(key=lambda mark: mark["start"])
        item["extractors"] = sorted(set(item["extractors"]))
    return [sentences[key] for key in sorted(sentences)]


def _sentence_offset(abstract: str, sentence: str, mention_start: int) -> int:
    """Where in the abstract the sentence holding the mention at ``mention_start`` begins."""
    offset = abstract.find(sentence)
    while offset >= 0:
        following = abstract.find(sentence, offset + 1)
        if following < 0 or following > mention_start:
            return offset
        offset = following
    return max(0, mention_start - len(sentence))


def _vis_asset(name: str) -> str:
    try:
        folder = resources.files("pyvis") / "templates" / "lib" / _VIS_VERSION
        return (folder / name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise ExportError(
            f"pyvis does not ship {_VIS_VERSION}/{name}; install pyvis 0.3.2 (pip install pyvis)"
        ) from err


def _script_safe_json(value: Any) -> str:
    """JSON that cannot end a <script> element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
