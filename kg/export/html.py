"""Export, HTML: a self-contained, offline viewer of the graph built with pyvis (vis-network).

pyvis lays out the network data; our own template replaces pyvis' page so
that nothing is fetched from a CDN (vis-network is inlined) and no input text
is ever parsed as HTML: all data travels as escaped JSON and is written into
the page with ``textContent``.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph

from kg.errors import ExportError
from kg.export import atomic_write
from kg.export.layout import spiral_layout
from kg.export.views import View, ViewOptions, select_view
from kg.graph import PAPER_KIND, rdf_to_nx
from kg.model import EntityType

__all__ = ["CLASS_STYLES", "to_html", "write_html"]

# Colour and shape of each class: shape alone tells papers from entities, and classes apart in print.
CLASS_STYLES = {
    PAPER_KIND: ("#4b5563", "square"),
    EntityType.MODEL.value: ("#2563eb", "dot"),
    EntityType.METHOD.value: ("#dc2626", "diamond"),
    EntityType.TECHNIQUE.value: ("#059669", "triangle"),
    EntityType.BENCHMARK.value: ("#d97706", "star"),
    EntityType.TASK.value: ("#7c3aed", "triangleDown"),
    EntityType.METRIC.value: ("#db2777", "hexagon"),
    EntityType.CONCEPT.value: ("#0891b2", "dot"),
}
_GLYPHS = {
    "square": "■",
    "dot": "●",
    "diamond": "◆",
    "triangle": "▲",
    "star": "★",
    "triangleDown": "▼",
    "hexagon": "⬢",
}
_STATED_COLOUR = "#374151"  # relations an abstract states: basedOn, usesTechnique, outperforms, ...
RELATION_COLOURS = {"proposes": "#dc2626", "mentions": "#c7cbd1", "co-mentioned": "#9ca3af"}
_VIS_VERSION = "vis-9.1.2"
_PAPER_LABEL_CHARS = 28
_SMALL_GRAPH = 300
# Node-iterations of physics a large view gets: about 2 s in headless Chromium on 2 cores.
_PHYSICS_BUDGET = 60_000
# Sentences shown per entity: enough to judge it, few enough that a page of a large corpus stays small.
MAX_EVIDENCE = 40


def to_html(graph: Graph, options: ViewOptions | None = None, *, title: str = "PaperKG") -> str:
    """Return the viewer page for ``graph`` as one self-contained HTML document.

    Raises:
        KeyError: if ``options.focus`` names no node of ``graph``.
    """
    full = rdf_to_nx(graph)
    view = select_view(full, options or ViewOptions())
    environment = Environment(loader=PackageLoader("kg.export", "templates"), autoescape=select_autoescape(["html"]))
    return environment.get_template("viewer.html").render(
        title=title,
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        data_json=_script_safe_json(_viewer_data(full, view)),
        options_json=_script_safe_json(_layout_options(view.graph.number_of_nodes())),
        styles={kind: {"colour": colour, "glyph": _GLYPHS[shape]} for kind, (colour, shape) in CLASS_STYLES.items()},
    )


def write_html(graph: Graph, path: Path, options: ViewOptions | None = None, *, title: str = "PaperKG") -> Path:
    """Write the viewer page for ``graph`` to ``path``, atomically."""
    return atomic_write(path, to_html(graph, options, title=title).encode("utf-8"))


def _layout_options(nodes: int) -> dict[str, Any]:
    """vis-network options: a fixed seed; large graphs start laid out and get a short, shrinking tidy-up."""
    small = nodes <= _SMALL_GRAPH
    iterations = 600 if small else int(min(200, _PHYSICS_BUDGET / nodes))
    solver = (
        {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
        }
        if small
        else {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "damping": 0.3},
        }
    )
    return {
        "layout": {"randomSeed": 7, "improvedLayout": small},
        "physics": {
            **solver,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not small},
        "nodes": {
            "font": {"size": 13, "face": "sans-serif"},
            "borderWidth": 1,
            "scaling": {
                "min": 8,
                "max": 40,
                "label": {"enabled": True, "min": 11, "max": 22, "drawThreshold": 5 if small else 9},
            },
        },
        "edges": {
            "smooth": False,
            "color": {"inherit": False},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
    }


def _viewer_data(full: nx.MultiDiGraph, view: View) -> dict[str, Any]:
    """Nodes and edges built with pyvis, the details the side panel shows, and the view's note."""
    from pyvis.network import Network

    network = Network(directed=True, cdn_resources="remote")
    shown = view.graph
    positions = spiral_layout(shown) if shown.number_of_nodes() > _SMALL_GRAPH else {}
    for node, attributes in sorted(shown.nodes(data=True)):
        style = _node_style(attributes, _paper_count(full, node))
        if node in positions:
            style["x"], style["y"] = positions[node]
        network.add_node(node, **style)
    for source, target, data in sorted(shown.edges(data=True)):
        network.add_edge(source, target, **_edge_style(data["relation"], data["weight"]))
    nodes, edges, *_ = network.get_network_data()
    details = {node: _details(node, full) for node in sorted(shown.nodes)}
    cited = {item["paper"] for info in details.values() for item in info.get("evidence", ())}
    cited |= {item["other"] for info in details.values() for item in info.get("relations", ())}
    cited |= {
        c for info in details.values() for r in info.get("results", ()) for c in (r["about"], *r["compared_with"]) if c
    }
    details.update({paper: _details(paper, full) for paper in sorted(cited - details.keys())})
    return {
        "nodes": nodes,
        "edges": edges,
        "details": details,
        "view": {
            "title": view.title,
            "shown": shown.number_of_nodes(),
            "available": view.available,
            "leftOut": [list(pair) for pair in view.left_out],
        },
    }


def _paper_count(full: nx.MultiDiGraph, node: str) -> int:
    return len({paper for paper, _, relation in full.in_edges(node, data="relation") if relation == "mentions"})


def _node_style(attributes: dict[str, Any], papers: int) -> dict[str, Any]:
    kind, label = attributes["kind"], attributes["label"]
    colour, shape = CLASS_STYLES[kind]
    if kind == PAPER_KIND:
        short = label if len(label) <= _PAPER_LABEL_CHARS else label[:_PAPER_LABEL_CHARS].rstrip() + "…"
        return {"label": short, "title": label, "shape": shape, "value": 2, "color": colour, "kind": kind}
    aliases = attributes.get("aliases", ())
    title = f"{label} ({kind})" + (f"\nalso: {', '.join(aliases)}" if aliases else "") + f"\n{papers} paper(s)"
    return {
        "label": label,
        "title": title,
        "shape": shape,
        "value": 1 + papers,
        "color": colour,
        "kind": kind,
    }


def _edge_style(relation: str, weight: int) -> dict[str, Any]:
    label = relation if weight <= 1 else f"{relation} ({weight})"
    width = 3 if relation == "proposes" else round(1 + math.log2(max(weight, 1)), 2)
    return {
        "title": label,
        "width": width,
        "color": RELATION_COLOURS.get(relation, _STATED_COLOUR),
        "relation": relation,
        "arrows": "" if relation == "co-mentioned" else "to",
    }


def _details(node: str, full: nx.MultiDiGraph) -> dict[str, Any]:
    attributes = full.nodes[node]
    if attributes["kind"] == PAPER_KIND:
        mentions = sorted(
            (
                {"entity": entity, "start": data["start"], "end": data["end"]}
                for _, entity, data in full.out_edges(node, data=True)
                if data["relation"] == "mentions"
            ),
            key=lambda mark: (mark["start"], mark["entity"]),
        )
        proposes = sorted(entity for _, entity, key in full.out_edges(node, keys=True) if key == "proposes")
        return {
            "kind": attributes["kind"],
            "label": attributes["label"],
            "abstract": attributes["abstract"],
            "mentions": mentions,
            "proposes": proposes,
            "paperKind": attributes["paper_kind"],
            "kindCue": attributes["kind_cue"],
            "links": [*attributes["code"], *attributes["urls"]],
            "results": attributes["results"],
            "relations": _relations(node, full),
        }
    evidence = _evidence(node, full)
    papers = sorted({paper for paper, _, relation in full.in_edges(node, data="relation") if relation == "mentions"})
    results = [
        {**result, "paper": paper}
        for paper in papers
        for result in full.nodes[paper]["results"]
        if result["about"] == node
    ]
    return {
        "relations": _relations(node, full),
        "results": results,
        "kind": attributes["kind"],
        "label": attributes["label"],
        "aliases": list(attributes.get("aliases", ())),
        "papers": _paper_count(full, node),
        "evidence": evidence[:MAX_EVIDENCE],
        "moreEvidence": max(0, len(evidence) - MAX_EVIDENCE),
    }


def _relations(node: str, full: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """The stated relations a node takes part in, either way, each with its sentence."""
    stated = []
    for source, target, data in [*full.out_edges(node, data=True), *full.in_edges(node, data=True)]:
        if data["relation"] not in ("mentions", "proposes"):
            outgoing = source == node
            stated.append({"relation": data["relation"], "other": target if outgoing else source,
                           "outgoing": outgoing, "sentence": data["sentence"], "cue": data["cue"]})  # fmt: skip
    return sorted(stated, key=lambda item: (not item["outgoing"], item["relation"], item["other"]))


def _evidence(node: str, full: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One item per sentence that mentions ``node``, with every mention in it marked."""
    sentences: dict[tuple[str, int], dict[str, Any]] = {}
    for paper, _, data in full.in_edges(node, data=True):
        if data["relation"] != "mentions":
            continue
        offset = data["sentence_start"]
        item = sentences.setdefault(
            (paper, offset), {"paper": paper, "sentence": data["sentence"], "marks": [], "extractors": []}
        )
        item["marks"].append({"start": data["start"] - offset, "end": data["end"] - offset})
        item["extractors"].append(data["extractor"])
    for item in sentences.values():
        item["marks"].sort(key=lambda mark: mark["start"])
        item["extractors"] = sorted(set(item["extractors"]))
    return [sentences[key] for key in sorted(sentences)]


def _vis_asset(name: str) -> str:
    try:
        return (resources.files("pyvis") / "templates" / "lib" / _VIS_VERSION / name).read_text(encoding="utf-8")
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
