"""Hostile RDF files against ``gongfu load`` and ``gongfu unload``, run as a subprocess.

Every case must be refused in one line that names the file (and the line and column where
there is one), with no traceback, the store byte-for-byte as it was and no request to the
canary server: every loader format (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML),
on the small path (parsed) and on the bulk path (files past ``BULK_BYTES``, padded with
harmless triples).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from loaders.rdf_files import BULK_BYTES, MAX_LITERAL
from tests.conftest import run_gongfu
from tests.hostile.conftest import CANARY_TEXT, Canary, assert_refused, dump_quads

GF = "https://gongfu-graph.org/ontology#"
ID = "https://gongfu-graph.org/id/"
GR = "https://gongfu-graph.org/graph/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PAD_LINES = 60_000
PAD = "".join(
    f'<{ID}pad-{i}> <{GF}note> "padding line {i}, harmless, to pass the bulk threshold" .\n'
    for i in range(PAD_LINES)
)
assert len(PAD.encode()) > BULK_BYTES

TTL_PREFIXES = (
    f"@prefix gf: <{GF}> .\n@prefix gfid: <{ID}> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
SECOND_ZH = f'<{ID}inspur-yunzhou> {LABEL} "第二个名字"@zh .\n'
XML_HEAD = '<?xml version="1.0"?>\n'
RDF_OPEN = (
    f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" '
    f'xmlns:gf="{GF}">\n'
)
LOL = (
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def _xml_pad() -> str:
    return "".join(
        f'<rdf:Description rdf:about="{ID}pad-{i}"><gf:note>padding {i}</gf:note></rdf:Description>\n'
        for i in range(PAD_LINES)
    )


def _jsonld_pad() -> str:
    return ",\n".join(
        f'{{"@id": "{ID}pad-{i}", "{GF}note": "padding line {i}, harmless, past the threshold"}}'
        for i in range(PAD_LINES)
    )


@dataclass(frozen=True)
class Case:
    """A file to load: its name, its content (text or bytes, or built from the canary),
    and what the one error line must say besides the file name."""

    file: str
    content: str | bytes | Callable[[Canary], str | bytes]
    mentions: tuple[str, ...] = ()


def _q(line: str, graph: str) -> str:
    return line.replace(" .\n", f" <{graph}> .\n")


CASES: dict[str, Case] = {
    # -- syntax errors at a known line and column, every format, small and bulk -----------------
    "turtle syntax error": Case(
        "s.ttl",
        TTL_PREFIXES + "gfid:a gf:note gf:b gf:c .\ngfid:b gf:note 1 .\n",
        ("line 4", "Turtle"),
    ),
    "undeclared prefix": Case(
        "p.ttl",
        "@prefix gf: <https://gongfu-graph.org/ontology#> .\nfoo:x gf:a gf:b .\n",
        ("line 2, column 1", "foo:"),
    ),
    "n-triples syntax error": Case(
        "s.nt", f'<{ID}a> <{GF}note> "x" .\n<{ID}a> <{GF}note> broken .\n', ("line 2", "N-Triples")
    ),
    "n-quads syntax error": Case(
        "s.nq", f'<{ID}a> <{GF}note> "x" <http://e/g> <http://e/h> .\n', ("line 1", "N-Quads")
    ),
    "trig syntax error": Case("s.trig", "{\n<http://e/a> <http://e/p> \n}\n", ("line 3", "TriG")),
    "json-ld syntax error": Case(
        "s.jsonld", '{\n  "@id": "http://e/a",\n  "http://e/p": [1, 2,\n}\n', ("line 4", "JSON-LD")
    ),
    "xml not well-formed": Case(
        "s.rdf", XML_HEAD + RDF_OPEN + "<rdf:Description></rdf:RDF>\n", ("line 3, column", "XML")
    ),
    "bulk n-triples syntax error": Case(
        "big.nt", PAD + f"<{ID}a> <{GF}note> broken .\n", (f"line {PAD_LINES + 1}",)
    ),
    "bulk n-quads syntax error": Case(
        "big.nq",
        PAD + f"<{ID}a> <{GF}note> <{ID}b> <{ID}c> <{ID}d> .\n",
        (f"line {PAD_LINES + 1}",),
    ),
    "bulk turtle syntax error": Case(
        "big.ttl", PAD + "<http://e/a> <http://e/p> [ .\n", (f"line {PAD_LINES + 1}",)
    ),
    # -- the store's own graphs (hole 3): every spelling, small and bulk ------------------------
    "n-quads into the seed": Case("seed.nq", _q(SECOND_ZH, GR + "seed"), ("line 1", "graph/seed")),
    "bulk n-quads into the seed": Case(
        "seed.nq", PAD + _q(SECOND_ZH, GR + "seed"), (f"line {PAD_LINES + 1}", "graph/seed")
    ),
    "bulk n-quads into the ontology": Case(
        "onto.nq",
        PAD
        + f"<{GF}Region> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{GF}Agent> <{GR}ontology> .\n",
        (f"line {PAD_LINES + 1}", "graph/ontology"),
    ),
    "bulk n-quads forging a load record": Case(
        "meta.nq",
        PAD + f'<{GR}load/forged> {LABEL} "forged" <{GR}meta> .\n',
        (f"line {PAD_LINES + 1}", "graph/meta"),
    ),
    "n-quads into another load's graph": Case(
        "other.nq", f'<{ID}x> <{GF}note> "x" <{GR}load/extra> .\n', ("line 1", "graph/load/extra")
    ),
    "n-quads with the graph spelt in escapes": Case(
        "esc.nq", f'<{ID}x> <{GF}note> "x" <{GR}s\\u0065ed> .\n', ("graph/seed",)
    ),
    "trig into the seed, prefixed": Case(
        "seed.trig",
        f"@prefix gr: <{GR}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'gr:seed {{ <{ID}inspur-yunzhou> rdfs:label "第二"@zh . }}\n',
        ("line 3", "graph/seed"),
    ),
    "bulk trig into meta": Case(
        "meta.trig",
        "{\n" + PAD + f'}}\nGRAPH <{GR}meta> {{ <{GR}load/x> {LABEL} "x" . }}\n',
        (f"line {PAD_LINES + 3}", "graph/meta"),
    ),
    "trig into the seed by a relative name": Case(
        "rel.trig",
        f'@base <{GR}> .\n<seed> {{ <{ID}x> <{GF}note> "x" . }}\n',
        ("line 2", "graph/seed"),
    ),
    "json-ld named graph into the seed": Case(
        "seed.jsonld",
        f'{{"@id": "{GR}seed",\n "@graph": [{{"@id": "{ID}inspur-yunzhou", '
        f'"http://www.w3.org/2000/01/rdf-schema#label": {{"@value": "第二", "@language": "zh"}}}}]}}\n',
        ("line 1", "graph/seed"),
    ),
    "bulk json-ld named graph into meta": Case(
        "meta.jsonld",
        '{"@graph": [\n'
        + _jsonld_pad()
        + f',\n{{"@id": "{GR}meta", "@graph": [{{"@id": "{GR}load/x", "{GF}note": "x"}}]}}]}}\n',
        ("graph/meta",),
    ),
    # -- cross-graph shape violations (hole 4): small and bulk, every format ------------------------
    "second zh label, n-triples": Case("zh.nt", SECOND_ZH, ("needs exactly one Chinese label",)),
    "second zh label, bulk n-triples": Case(
        "zh.nt", PAD + SECOND_ZH, ("inspur-yunzhou", "needs exactly one Chinese label")
    ),
    "second en label, bulk turtle": Case(
        "en.ttl",
        PAD + f'<{ID}jinan> {LABEL} "Quancheng"@en .\n',
        ("needs exactly one English label",),
    ),
    "re-typed and relabelled, bulk n-quads": Case(
        "retype.nq",
        PAD
        + _q(f"<{ID}jinan> <{RDF_NS}type> <{GF}Region> .\n", "http://e/g")
        + _q(f'<{ID}jinan> {LABEL} "泉城"@zh .\n', "http://e/g")
        + _q(f'<{ID}jinan> {LABEL} "Jinan"@en .\n', "http://e/g"),
        ("jinan", "needs exactly one Chinese label"),
    ),
    "zh-CN label, json-ld": Case(
        "zhcn.jsonld",
        f'{{"@id": "{ID}jinan", "http://www.w3.org/2000/01/rdf-schema#label": '
        '{"@value": "济南", "@language": "zh-CN"}}',
        ("needs exactly one Chinese label",),
    ),
    "second zh label, rdf/xml": Case(
        "zh.rdf",
        XML_HEAD + RDF_OPEN + f'<rdf:Description rdf:about="{ID}inspur-yunzhou">'
        '<rdfs:label xml:lang="zh">第二</rdfs:label></rdf:Description></rdf:RDF>\n',
        ("needs exactly one Chinese label",),
    ),
    "second zh label inside a trig graph": Case(
        "zh.trig", f"<http://e/g> {{ {SECOND_ZH} }}\n", ("needs exactly one Chinese label",)
    ),
    "bending the class hierarchy": Case(
        "hier.ttl",
        TTL_PREFIXES + "gf:Region rdfs:subClassOf gf:Agent .\n",
        ("ontology's own terms",),
    ),
    "bulk: describing an ontology term": Case(
        "term.nt", PAD + f'<{GF}serves> {LABEL} "服务"@zh .\n', ("ontology's own terms",)
    ),
    "an entity as a blank node": Case(
        "blank.ttl",
        TTL_PREFIXES + '_:b a gf:Enterprise ; rdfs:label "甲"@zh , "A"@en .\n',
        ("named by an IRI",),
    ),
    "blank-node graph name merged onto a seed entity": Case(
        "blankgraph.trig", f"_:g {{ {SECOND_ZH} }}\n", ("needs exactly one Chinese label",)
    ),
    # -- entity bombs and external entities (RDF/XML), nesting --------------------------------------
    "billion laughs": Case(
        "lol.rdf",
        XML_HEAD + LOL + RDF_OPEN + f'<rdf:Description rdf:about="{ID}x"><gf:note>&lol9;</gf:note>'
        "</rdf:Description></rdf:RDF>\n",
        ("line 2", "DOCTYPE"),
    ),
    "billion laughs past the bulk threshold": Case(
        "lol.owl",
        XML_HEAD + LOL + RDF_OPEN + _xml_pad() + f'<rdf:Description rdf:about="{ID}x">'
        "<gf:note>&lol9;</gf:note></rdf:Description></rdf:RDF>\n",
        ("line 2", "DOCTYPE"),
    ),
    "external entity to a file": Case(
        "xxe.rdf",
        lambda c: (
            XML_HEAD
            + f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{c.file}">]>\n'
            + RDF_OPEN
            + f'<rdf:Description rdf:about="{ID}x"><gf:note>&x;</gf:note></rdf:Description></rdf:RDF>\n'
        ),
        ("line 2", "DOCTYPE"),
    ),
    "external entity to the canary url": Case(
        "xxe.xml",
        lambda c: XML_HEAD + f'<!DOCTYPE r SYSTEM "{c.url}/dtd">\n' + RDF_OPEN + "</rdf:RDF>\n",
        ("line 2", "DOCTYPE"),
    ),
    "parameter entity to the canary url": Case(
        "pe.rdf",
        lambda c: (
            XML_HEAD
            + f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{c.url}/pe"> %p;]>\n'
            + RDF_OPEN
            + "</rdf:RDF>\n"
        ),
        ("line 2", "DOCTYPE"),
    ),
    "rdf/xml nested 300 deep": Case(
        "deep.rdf",
        XML_HEAD
        + RDF_OPEN
        + "<rdf:Description><gf:note>" * 150
        + "</gf:note></rdf:Description>" * 150
        + "</rdf:RDF>\n",
        ("nested deeper than 100",),
    ),
    # -- JSON-LD: remote contexts and imports never fetched ------------------------------------------
    "remote json-ld context": Case(
        "ctx.jsonld",
        lambda c: (
            f'{{\n  "@context": "{c.url}/context.jsonld",\n  "@id": "http://e/a", "http://e/p": "x"}}'
        ),
        ("line 2", "remote JSON-LD context"),
    ),
    "remote context in a list": Case(
        "ctxlist.jsonld",
        lambda c: (
            f'{{"@context": [{{"ex": "http://e/"}}, "{c.url}/c"], "@id": "http://e/a", "ex:p": "x"}}'
        ),
        ("remote JSON-LD context",),
    ),
    "json-ld @import": Case(
        "import.jsonld",
        lambda c: (
            f'{{\n"@context": {{\n  "@import": "{c.url}/import"\n}},\n"@id": "http://e/a", "http://e/p": "x"}}'
        ),
        ("line 3", "remote JSON-LD context"),
    ),
    "json-ld context from a file": Case(
        "filectx.jsonld",
        lambda c: f'{{"@context": "file://{c.file}", "@id": "http://e/a", "http://e/p": "x"}}',
        ("remote JSON-LD context",),
    ),
    "bulk json-ld with a remote context": Case(
        "bigctx.jsonld",
        lambda c: f'{{"@context": "{c.url}/c",\n"@graph": [\n' + _jsonld_pad() + "]}\n",
        ("remote JSON-LD context",),
    ),
    "json-ld nested 5000 deep": Case(
        "deep.jsonld",
        '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 5000 + '"x"' + "}" * 5001,
        ("line 1", "nested deeper than 100"),
    ),
    # -- bytes and literals: NUL, controls, invalid UTF-8, enormous literals, IRIs -----------------
    "raw NUL in a literal": Case(
        "nul.nt", f'<{ID}a> <{GF}note> "a\x00b" .\n'.encode(), ("line 1", "U+0000")
    ),
    "raw NUL, bulk": Case(
        "nul.nt",
        (PAD + f'<{ID}a> <{GF}note> "a\x00b" .\n').encode(),
        (f"line {PAD_LINES + 1}", "U+0000"),
    ),
    "escaped NUL, bulk": Case(
        "enul.nt", PAD + f'<{ID}a> <{GF}note> "a\\u0000b" .\n', (f"line {PAD_LINES + 1}", "U+0000")
    ),
    "terminal escape sequence in a label": Case(
        "esc.ttl",
        TTL_PREFIXES + 'gfid:a gf:note "x\\u001b]0;owned\\u0007y" .\n',
        ("line 4", "U+001B"),
    ),
    "C1 control in turtle": Case(
        "c1.ttl", TTL_PREFIXES + 'gfid:a gf:note "x\u009by" .\n', ("line 4", "U+009B")
    ),
    "backspace escape in n-quads": Case(
        "bs.nq", f'<{ID}a> <{GF}note> "x\\by" <http://e/g> .\n', ("line 1", "U+0008")
    ),
    "an enormous literal": Case(
        "huge.ttl",
        TTL_PREFIXES + 'gfid:a gf:note "' + "x" * (MAX_LITERAL + 1) + '" .\n',
        ("line 4", "characters"),
    ),
    "an enormous line, bulk": Case(
        "huge.nt",
        PAD + f'<{ID}a> <{GF}note> "' + "长" * (MAX_LITERAL + 1) + '" .\n',
        (f"line {PAD_LINES + 1}", "characters"),
    ),
    "invalid UTF-8": Case(
        "bad.ttl", TTL_PREFIXES.encode() + b'gfid:a gf:note "\xff\xfe" .\n', ("line 4", "UTF-8")
    ),
    "invalid UTF-8, bulk": Case(
        "bad.nt",
        PAD.encode() + f'<{ID}a> <{GF}note> "'.encode() + b'\xc3\x28" .\n',
        (f"line {PAD_LINES + 1}", "UTF-8"),
    ),
    "IRI with a space": Case("sp.nt", f'<{ID}a b> <{GF}note> "x" .\n', ("line 1", "IRI")),
    "IRI with a control character": Case(
        "ctl.ttl", f'<{ID}a\x01b> <{GF}note> "x" .\n', ("line 1", "\\x01")
    ),
    "binary garbage": Case("garbage.ttl", bytes(range(256)) * 8, ("line 1",)),
    "an empty file": Case("empty.nt", "", ("holds no triples",)),
    "only comments": Case("comments.ttl", "# nothing here\n# at all\n", ("holds no triples",)),
    "json-ld in a .ttl file": Case(
        "wrong.ttl", '{"@id": "http://e/a", "http://e/p": "x"}\n', ("line 1", "Turtle")
    ),
    "turtle in a .nt file": Case("wrong.nt", TTL_PREFIXES + "gfid:a gf:note 1 .\n", ("line 1",)),
    "an RDF 1.2 triple term": Case(
        "star.ttl", f"<{ID}a> <{GF}note> <<( <{ID}b> <{GF}note> <{ID}c> )>> .\n", ("triple term",)
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_rdf_file_is_refused(
    case: str, hostile_store: Path, canary: Canary, tmp_path: Path
) -> None:
    spec = CASES[case]
    content = spec.content(canary) if callable(spec.content) else spec.content
    path = tmp_path / spec.file
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert_refused(
        ["load", str(path)], hostile_store, canary=canary, mentions=(spec.file, *spec.mentions)
    )


# -- files that are not files, and names that are not loads ---------------------------------------
def test_missing_file(hostile_store: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "missing.ttl"
    assert_refused(["load", str(missing)], hostile_store, mentions=(str(missing), "no such file"))


def test_directory_given_as_a_file(hostile_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    assert_refused(["load", str(folder)], hostile_store, mentions=("folder.ttl", "directory"))


def test_symlink_to_the_canary_file(hostile_store: Path, canary: Canary, tmp_path: Path) -> None:
    link = tmp_path / "innocent.ttl"
    link.symlink_to(canary.file)
    assert_refused(
        ["load", str(link)],
        hostile_store,
        canary=canary,
        mentions=("innocent.ttl", "symbolic link"),
    )


def test_symlink_to_etc_passwd(hostile_store: Path, tmp_path: Path) -> None:
    link = tmp_path / "passwd.nt"
    link.symlink_to("/etc/passwd")
    err = assert_refused(["load", str(link)], hostile_store, mentions=("symbolic link",))
    assert "root:" not in err and "/bin/" not in err


def test_fifo_does_not_hang(hostile_store: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    assert_refused(["load", str(fifo)], hostile_store, mentions=("pipe.nt", "regular"), timeout=60)


def test_control_characters_in_the_file_name(hostile_store: Path, tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;owned\x07\nname.ttl"
    err = assert_refused(["load", str(name)], hostile_store, mentions=("\\x1b", "\\x0a"))
    assert "\x1b" not in err


def test_unknown_load_name(hostile_store: Path) -> None:
    assert_refused(["unload", "no-such-load"], hostile_store, mentions=("no load named",))


@pytest.mark.parametrize("name", ["seed", "ontology", "meta"])
def test_built_graphs_cannot_be_unloaded(hostile_store: Path, name: str) -> None:
    assert_refused(["unload", name], hostile_store, mentions=(name, "gongfu build"))


def test_unload_name_with_escape_sequences(hostile_store: Path) -> None:
    err = assert_refused(["unload", "x\x1b[2Jy"], hostile_store, mentions=("no load named",))
    assert "\x1b" not in err


def test_loading_into_a_missing_store(tmp_path: Path) -> None:
    good = tmp_path / "good.nt"
    good.write_text(f'<{ID}a> <{GF}note> "x" .\n', encoding="utf-8")
    store = tmp_path / "no-store"
    proc = run_gongfu("load", str(good), store=store)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (store / "current").exists()


# -- what must still load, and leave no trace of the hostile parts --------------------------------
def test_named_graphs_are_merged_into_the_load_and_unloaded_with_it(
    hostile_store: Path, canary: Canary, tmp_path: Path
) -> None:
    """Other graph names are merged into the load's own graph: ``unload`` removes all of it,
    and ``owl:imports`` or a remote IRI in the data is only data (nothing is fetched)."""
    before = dump_quads(hostile_store)
    quads = tmp_path / "mixed.nq"
    quads.write_text(
        f'<{ID}m1> <{GF}note> "in a named graph" <http://example.org/g1> .\n'
        f'<{ID}m2> <{GF}note> "in the default graph" .\n'
        f"<{ID}m3> <http://www.w3.org/2002/07/owl#imports> <{canary.url}/ontology> _:g .\n",
        encoding="utf-8",
    )
    run_gongfu("load", str(quads), store=hostile_store, check=True)
    after = dump_quads(hostile_store)
    added = sorted(set(after) - set(before))
    assert len(added) == 3 + 4  # three quads and the load's record in the meta graph
    assert sum(q.endswith(f"<{GR}load/mixed> .") for q in added) == 3
    assert not any("example.org/g1> ." in q for q in after)
    assert canary.requests == []
    run_gongfu("unload", "mixed", store=hostile_store, check=True)
    assert dump_quads(hostile_store) == before


def test_bulk_dry_run_changes_nothing(hostile_store: Path, tmp_path: Path) -> None:
    before = dump_quads(hostile_store)
    big = tmp_path / "big.nt"
    big.write_text(PAD, encoding="utf-8")
    proc = run_gongfu("load", str(big), "--dry-run", store=hostile_store, check=True)
    assert f"({PAD_LINES} triples)" in proc.stdout
    assert dump_quads(hostile_store) == before
    assert CANARY_TEXT not in proc.stdout
