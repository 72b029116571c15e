"""Subgraph exports and briefings: each format read back by a real reader.

RDF by rdflib, GraphML/GEXF by networkx, CSV by pandas, the Cypher script by a Bolt
server, DOCX by python-docx, PDF by pypdf, PNG by PIL; text from the data must arrive
escaped in HTML, SVG and Markdown.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from graph.errors import GongfuError
from graph.explore import index_of, paths_between, view_subgraph
from graph.export.briefing import build_briefing
from graph.export.cypher import cypher_literal, cypher_statements
from graph.export.records import SubgraphData
from graph.export.select import select_subgraph
from graph.export.write import FORMATS, export_bytes, export_subgraph
from graph.mapping import Edge, Node, PropertyGraph, rel_type_to_property
from graph.project_nx import to_networkx
from graph.store import GraphStore
from graph.traversal import Subgraph, subgraph_of
from ontology.schema import load_schema
from tests.conftest import run_gongfu

GF = Namespace("https://gongfu-graph.org/ontology#")
ID = "https://gongfu-graph.org/id/"
YUNZHOU = ID + "inspur-yunzhou"
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def sub(seed_store: GraphStore) -> Subgraph:
    """浪潮云洲's one-hop neighbourhood: small enough to check edge by edge."""
    return select_subgraph(seed_store, focus=["浪潮云洲"], hops=1)


@pytest.fixture(scope="module")
def evil() -> tuple[PropertyGraph, nx.MultiDiGraph, Subgraph]:
    """A tiny graph whose labels and quotes are hostile or awkward."""
    a, b = ID + "evil", ID + "jinan-x"
    pg = PropertyGraph(
        "v-evil",
        {
            a: Node(
                a,
                "Platform",
                {"iri": a, "id": "evil", "name": EVIL, "name_en": "a|b *c* _d_ [e] `f` $x$"},
            ),
            b: Node(
                b,
                "Region",
                {"iri": b, "id": "jinan-x", "name": "济南市", "note": "it's a \\ path\nnext"},
            ),
        },
        [
            Edge(
                a,
                "SERVES",
                b,
                {"quotes": [f"quote {EVIL}"], "sources": ["x.txt"], "inferred": True},
            )
        ],
    )
    g = to_networkx(pg)
    return pg, g, Subgraph((a, b), ((a, b, "SERVES"),), (a,))


def _relation_iri(rel: str) -> URIRef:
    return URIRef(str(load_schema().object_properties[rel_type_to_property(rel) or ""].iri))


# -- selection ------------------------------------------------------------------------------


def test_focus_selection_is_the_explorer_view(seed_store: GraphStore, sub: Subgraph) -> None:
    view = view_subgraph(seed_store, [YUNZHOU], hops=1, limit=200)
    assert (sub.nodes, sub.edges, sub.focus) == (view.nodes, view.edges, view.focus)
    assert "浪潮云洲工业互联网平台" in sub.title and "1" in sub.title


def test_question_selection_names_the_result_entities(seed_store: GraphStore) -> None:
    from graph.questions import run_question

    params = {"tier": "tier-cross-industry"}
    chosen = select_subgraph(seed_store, question="platform-serves", params=params)
    pg, g, _ = index_of(seed_store)
    names = {pg.nodes[n].name for n in chosen.nodes}
    rows = run_question(seed_store, "platform-serves", params).rows
    assert "浪潮云洲工业互联网平台" in names
    assert {r["platform"] for r in rows} <= names
    keep = set(chosen.nodes)
    assert chosen.edges and all(u in keep and v in keep for u, v, _k in chosen.edges)
    assert all(g.edges[e]["traversable"] for e in chosen.edges)
    assert "问题" in chosen.title


def test_path_selection_walks_the_path(seed_store: GraphStore) -> None:
    chosen = select_subgraph(seed_store, path=("临工重机", "济南市工业和信息化局"))
    walked = subgraph_of(paths_between(seed_store, "临工重机", "济南市工业和信息化局"))
    assert set(chosen.nodes) == set(walked.nodes) and chosen.edges == walked.edges
    assert len(chosen.focus) == 2


def test_selection_needs_something_and_checks_filters(seed_store: GraphStore) -> None:
    with pytest.raises(GongfuError):
        select_subgraph(seed_store)
    with pytest.raises(GongfuError):
        select_subgraph(seed_store, focus=["浪潮云洲"], classes=["NoSuchClass"])
    only = select_subgraph(seed_store, focus=["浪潮云洲"], classes=["地区"], relations=["服务"])
    pg, _g, _ = index_of(seed_store)
    assert {pg.nodes[n].label for n in only.nodes} == {"Platform", "Region"}
    assert {k for _u, _v, k in only.edges} == {"SERVES"}


# -- RDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]
)
def test_rdf_holds_exactly_the_selection(
    seed_store: GraphStore, sub: Subgraph, tmp_path: Path, fmt: str, parser: str
) -> None:
    out = export_subgraph(seed_store, sub, fmt, tmp_path / f"sub.{fmt}")
    g = Graph().parse(out, format=parser)
    docs = set(g.subjects(RDF.type, GF.SourceDocument))
    labelled = {s for s in g.subjects(RDFS.label) if str(s).startswith(ID)} - docs
    assert labelled == {URIRef(n) for n in sub.nodes}
    pg, _nx, _ = index_of(seed_store)
    for n in sub.nodes:
        assert (URIRef(n), RDFS.label, Literal(pg.nodes[n].name, lang="zh")) in g
    relations = {
        URIRef(str(p.iri)) for p in load_schema().object_properties.values() if p.traversable
    }
    edges = {(s, p, o) for s, p, o in g if p in relations}
    assert edges == {(URIRef(u), _relation_iri(k), URIRef(v)) for u, v, k in sub.edges}
    _pg, nxg, _ = index_of(seed_store)
    for u, v, k in sub.edges:
        for quote in nxg.edges[u, v, k].get("quotes") or []:
            facts = set(g.subjects(GF.quote, Literal(quote)))
            assert any(
                (f, RDF.subject, URIRef(u)) in g and (f, RDF.object, URIRef(v)) in g for f in facts
            ), quote
    assert docs, "the cited source documents come along"
    assert (GF.Platform, RDFS.label, Literal("工业互联网平台", lang="zh")) in g
    assert any(True for _ in g.objects(GF.serves, RDFS.comment))


# -- property-graph formats -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_round_trip(
    seed_store: GraphStore, sub: Subgraph, tmp_path: Path, fmt: str
) -> None:
    out = export_subgraph(seed_store, sub, fmt, tmp_path / f"sub.{fmt}")
    if fmt == "graphml":
        g = nx.read_graphml(out, force_multigraph=True)
        edges = {(u, v, d["type"]) for u, v, d in g.edges(data=True)}
    else:
        g = nx.read_gexf(out)
        edges = {(u, v, d["label"]) for u, v, d in g.edges(data=True)}
    assert set(g.nodes) == set(sub.nodes)
    assert edges == set(sub.edges)
    node = g.nodes[YUNZHOU]
    assert (node["label"], node["name"], node["iri"]) == (
        "Platform",
        "浪潮云洲工业互联网平台",
        YUNZHOU,
    )
    assert node["name_en"].startswith("Inspur Yunzhou")
    data = [
        d for u, v, d in g.edges(data=True) if u == YUNZHOU and v == ID + "inspur-server-business"
    ]
    assert data and data[0]["relation"] == "赋能" and data[0]["inferred"] is False
    assert "浪潮云洲深度赋能自身服务器产业数字化转型" in data[0]["quotes"]


def test_csv_zip_reads_back_with_pandas(
    seed_store: GraphStore, sub: Subgraph, tmp_path: Path
) -> None:
    out = export_subgraph(seed_store, sub, "csv", tmp_path / "sub.zip")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        raw_nodes, raw_edges = zf.read("nodes.csv"), zf.read("edges.csv")
    assert raw_nodes.startswith(b"\xef\xbb\xbf") and raw_edges.startswith(b"\xef\xbb\xbf")
    nodes = pd.read_csv(io.BytesIO(raw_nodes), encoding="utf-8-sig")
    edges = pd.read_csv(io.BytesIO(raw_edges), encoding="utf-8-sig")
    assert set(nodes["iri"]) == set(sub.nodes)
    assert "浪潮云洲工业互联网平台" in set(nodes["name"])
    assert {"label", "class", "name_en", "aliases"} <= set(nodes.columns)
    assert set(zip(edges["source"], edges["target"], edges["type"], strict=True)) == set(sub.edges)
    assert {"relation", "inferred", "quotes", "sources"} <= set(edges.columns)


def test_cypher_script_has_one_statement_per_element(
    seed_store: GraphStore, sub: Subgraph, tmp_path: Path
) -> None:
    out = export_subgraph(seed_store, sub, "cypher", tmp_path / "sub.cypher")
    lines = [
        x for x in out.read_text(encoding="utf-8").splitlines() if x and not x.startswith("//")
    ]
    merges = [x for x in lines if x.startswith("MERGE (n:Resource:")]
    rels = [x for x in lines if x.startswith("MATCH (a:Resource")]
    assert (len(merges), len(rels)) == (len(sub.nodes), len(sub.edges))
    assert all(x.endswith(";") for x in lines)
    assert (
        "MERGE (n:Resource:Platform {iri: 'https://gongfu-graph.org/id/inspur-yunzhou'})"
        in out.read_text()
    )


def test_cypher_literals_are_escaped() -> None:
    assert cypher_literal("it's") == "'it\\'s'"
    assert cypher_literal("a\\b") == "'a\\\\b'"
    assert cypher_literal("x\ny") == "'x\\ny'"
    assert cypher_literal(["a", 1, 2.5, False, None]) == "['a', 1, 2.5, false, null]"


@pytest.mark.bolt
def test_cypher_script_recreates_the_subgraph_on_bolt(
    seed_store: GraphStore, sub: Subgraph, evil: tuple[PropertyGraph, nx.MultiDiGraph, Subgraph]
) -> None:
    import os

    from graph.neo4j_bolt import _driver, run_neo4j
    from tests.bolt_server import bolt_server

    pg, g, _ = index_of(seed_store)
    cases = [SubgraphData.of(pg, g, sub), SubgraphData.of(*evil)]
    with bolt_server() as (uri, auth):
        driver = _driver(uri, auth)
        for data in cases:
            with driver.session() as session:
                for stmt in cypher_statements(data):
                    session.run(stmt).consume()
            iris = list(data.sub.nodes)
            n = run_neo4j(
                uri,
                "MATCH (n:Resource) WHERE n.iri IN $iris RETURN count(n) AS n",
                auth=auth,
                params={"iris": iris},
                trusted=True,
            ).rows[0]["n"]
            rels = run_neo4j(
                uri,
                "MATCH (a:Resource)-[r]->(b:Resource) WHERE a.iri IN $iris AND b.iri IN $iris "
                "RETURN a.iri AS s, b.iri AS t, type(r) AS k",
                auth=auth,
                params={"iris": iris},
                trusted=True,
            ).rows
            assert n == len(iris)
            found = {(r["s"], r["t"], r["k"]) for r in rels}
            if os.environ.get("NEO4J_URI"):  # a shared database may hold more
                assert found >= set(data.sub.edges)
            else:
                assert found == set(data.sub.edges)
        evil_pg = evil[0]
        for iri, node in evil_pg.nodes.items():
            rows = run_neo4j(
                uri,
                "MATCH (n:Resource {iri: $iri}) RETURN n.name AS name, n.note AS note",
                auth=auth,
                params={"iri": iri},
                trusted=True,
            ).rows
            assert rows == [{"name": node.props["name"], "note": node.props.get("note")}]


# -- pages and pictures ---------------------------------------------------------------------


def test_html_is_self_contained(seed_store: GraphStore, sub: Subgraph, tmp_path: Path) -> None:
    out = export_subgraph(seed_store, sub, "html", tmp_path / "sub.html", title="浪潮云洲")
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=\"https?://", page, re.IGNORECASE)
    assert 'id="legend"' in page and "浪潮云洲" in page and "vis-network" in page.lower()


def test_png_has_the_fixed_size(seed_store: GraphStore, sub: Subgraph, tmp_path: Path) -> None:
    from PIL import Image

    out = export_subgraph(seed_store, sub, "png", tmp_path / "sub.png")
    with Image.open(out) as img:
        assert img.size == (1600, 1000)
    again = export_subgraph(seed_store, sub, "png", tmp_path / "again.png")
    assert out.read_bytes() == again.read_bytes(), "the layout is deterministic"


def test_svg_keeps_names_as_text(seed_store: GraphStore, sub: Subgraph, tmp_path: Path) -> None:
    out = export_subgraph(seed_store, sub, "svg", tmp_path / "sub.svg")
    root = ET.parse(out).getroot()
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "浪潮云洲工业互联网平台" in texts and "工业互联网平台" in texts


def test_hostile_labels_are_escaped(
    evil: tuple[PropertyGraph, nx.MultiDiGraph, Subgraph], tmp_path: Path
) -> None:
    pg, g, chosen = evil
    page = export_subgraph(None, chosen, "html", tmp_path / "e.html", graph=(pg, g), title=EVIL)
    text = page.read_text(encoding="utf-8")
    assert EVIL not in text and "alert(1)" in text
    svg = export_subgraph(None, chosen, "svg", tmp_path / "e.svg", graph=(pg, g), title=EVIL)
    text = svg.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    ET.parse(svg)  # still well-formed XML
    md = export_subgraph(None, chosen, "md", tmp_path / "e.md", graph=(pg, g), title=EVIL)
    text = md.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a\\|b \\*c\\* \\_d\\_ \\[e\\] \\`f\\`" in text
    assert (tmp_path / "e.png").exists()


def test_rdf_needs_the_store(evil: tuple[PropertyGraph, nx.MultiDiGraph, Subgraph]) -> None:
    pg, g, chosen = evil
    with pytest.raises(GongfuError):
        export_subgraph(None, chosen, "ttl", "x.ttl", graph=(pg, g))
    with pytest.raises(GongfuError):
        export_subgraph(None, chosen, "xlsx", "x.xlsx", graph=(pg, g))


# -- briefings ------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_docx_briefing(seed_store: GraphStore, sub: Subgraph, tmp_path: Path) -> None:
    from docx import Document

    out = export_subgraph(seed_store, sub, "docx", tmp_path / "brief.docx")
    text = _docx_text(out)
    for name in ("浪潮云洲工业互联网平台", "浪潮集团", "济南市"):
        assert name in text
    assert "[1]" in text and "浪潮云洲深度赋能自身服务器产业数字化转型" in text
    assert "001_8d84291fa225c587.txt" in text
    assert "推断" in text  # inferred links are flagged
    assert len(Document(str(out)).inline_shapes) == 1  # the picture


def test_pdf_briefing_prints_chinese(seed_store: GraphStore, sub: Subgraph, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = export_subgraph(seed_store, sub, "pdf", tmp_path / "brief.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    # pypdf spaces out the glyphs of an embedded CFF font; compare without whitespace
    text = re.sub(r"[\s\x00]", "", "".join(p.extract_text() for p in reader.pages))
    assert "浪潮云洲工业互联网平台" in text
    assert "[1]" in text


def test_markdown_briefing_with_its_picture(
    seed_store: GraphStore, sub: Subgraph, tmp_path: Path
) -> None:
    from PIL import Image

    out = export_subgraph(seed_store, sub, "md", tmp_path / "brief.md")
    text = out.read_text(encoding="utf-8")
    assert "](brief.png)" in text
    with Image.open(tmp_path / "brief.png") as img:
        assert img.size == (1600, 1000)
    assert text.startswith("# ") and "| 浪潮云洲工业互联网平台" in text.replace("**", "")
    assert "\\[1\\]" in text


def test_briefing_flags_conflicts_and_inferred_links(seed_store: GraphStore) -> None:
    pg, g, _ = index_of(seed_store)
    chosen = select_subgraph(seed_store, question="conflicting-figures")
    brief = build_briefing(SubgraphData.of(pg, g, chosen), store=seed_store)
    assert brief.conflicts, "the 2023 core-industry revenue of Jinan: 270 vs 279"
    values = " ".join(brief.conflicts[0].values)
    assert "270" in values and "279" in values
    assert any(r.conflict for r in brief.entities)
    cited = {c.number for c in brief.citations}
    assert cited == set(range(1, len(brief.citations) + 1))
    one_hop = select_subgraph(seed_store, focus=["浪潮云洲"])
    brief = build_briefing(SubgraphData.of(pg, g, one_hop), store=seed_store)
    assert brief.inferred and all(f.cites for f in brief.facts if not f.inferred)


def test_export_bytes_zips_markdown_with_its_picture(seed_store: GraphStore, sub: Subgraph) -> None:
    data, name, mime = export_bytes(seed_store, sub, "md", stem="brief")
    assert (name, mime) == ("brief-md.zip", "application/zip")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["brief.md", "brief.png"]
    data, name, mime = export_bytes(seed_store, sub, "graphml", stem="brief")
    assert name == "brief.graphml" and mime == FORMATS["graphml"][1] and data.startswith(b"<?xml")


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "png", "graphml", "ttl", "cypher"])
def test_cli_exports_a_focus(cli_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"brief.{fmt}"
    proc = run_gongfu(
        "export",
        "--focus",
        "浪潮云洲",
        "--hops",
        "2",
        "--format",
        fmt,
        "-o",
        str(out),
        store=cli_store,
        check=True,
    )
    assert out.exists() and out.stat().st_size > 1000
    assert f"wrote {fmt}" in proc.stdout


def test_cli_exports_a_question_and_a_path(cli_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.md"
    run_gongfu(
        "export",
        "--question",
        "platform-serves",
        "-p",
        "tier=tier-cross-industry",
        "-o",
        str(out),
        store=cli_store,
        check=True,
    )
    assert "浪潮云洲工业互联网平台" in out.read_text(encoding="utf-8")
    assert (tmp_path / "q.png").exists()
    out = tmp_path / "p.gexf"
    run_gongfu(
        "export",
        "--path",
        "临工重机",
        "济南市工业和信息化局",
        "-o",
        str(out),
        store=cli_store,
        check=True,
    )
    assert len(nx.read_gexf(out)) >= 2


def test_cli_export_errors_are_one_line(cli_store: Path, tmp_path: Path) -> None:
    proc = run_gongfu("export", "--format", "png", "-o", str(tmp_path / "x.png"), store=cli_store)
    assert proc.returncode != 0 and "--focus" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_gongfu(
        "export", "--focus", "zzzz-nothing-like-it", "-o", str(tmp_path / "x.pdf"), store=cli_store
    )
    assert proc.returncode != 0 and "no entity" in proc.stderr


# -- the app --------------------------------------------------------------------------------


def test_explore_page_offers_the_export_menu(
    seed_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from ui import keys

    monkeypatch.setenv("GONGFU_STORE", str(seed_store.root))
    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "ui/pages/explore.py"), default_timeout=120)
    at.session_state[keys.VIEW_NODES] = [YUNZHOU]
    at.run()
    assert not at.exception and not at.error
    menu = at.selectbox(key="export-fmt-explore")
    assert menu.value == "pdf" and "docx" in menu.options[1]
