"""Analysts' loads: tables with mappings, the default header, RDF files, entity resolution,
refusals that name file/row/column and change nothing, idempotence, unload."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from graph.errors import LoadError, ValidationError
from graph.explore import entity_details
from graph.stats import graph_stats
from graph.store import GraphStore
from loaders.base import list_loads
from loaders.load import load_file, unload
from tests.conftest import ROOT, run_gongfu

EXAMPLES = ROOT / "data" / "examples"
MAPPING = EXAMPLES / "platform_customers.mapping.yaml"


def _state(store: GraphStore) -> tuple[int, dict]:
    stats = graph_stats(store).as_dict()
    stats.pop("version")
    return store.count(), stats


def test_example_list_loads_links_and_unloads_exactly(scratch_store: GraphStore) -> None:
    before = _state(scratch_store)
    result = load_file(scratch_store, EXAMPLES / "platform_customers.csv", mapping=MAPPING)
    assert result.summary["links"] == 5
    assert result.summary["created"] == 3 and not result.flagged
    linked = {r["name"]: r["iri"].rsplit("/", 1)[-1] for r in result.linked}
    assert linked["浪潮云洲"] == "inspur-yunzhou"
    assert linked["临工重机股份有限公司"] == "lingong-heavy"
    assert linked["济南二机床集团有限公司"] == "jinan-no2-machine-tool"  # a name variant
    details = entity_details(scratch_store, "inspur-yunzhou")
    serves = [
        r for r in details.relations if r.type == "SERVES" and r.other.endswith("lingong-heavy")
    ]
    assert serves and serves[0].quotes == ["涂装车间设备联网与生产监控（示例）"]
    assert serves[0].sources == ["示例数据：平台客户名单（虚构，用于演示导入）"]
    after_first = _state(scratch_store)
    load_file(scratch_store, EXAMPLES / "platform_customers.csv", mapping=MAPPING)
    assert _state(scratch_store) == after_first, "loading the same file twice changes nothing"
    assert "load/platform-customers-example" in {r.name for r in list_loads(scratch_store)}
    unload(scratch_store, "platform-customers-example")
    assert _state(scratch_store) == before, "unloading restores the earlier counts exactly"


def test_gbk_and_bom_files_load_like_utf8(scratch_store: GraphStore, tmp_path: Path) -> None:
    utf8 = load_file(
        scratch_store, EXAMPLES / "platform_customers.csv", mapping=MAPPING, dry_run=True
    )
    gbk = load_file(
        scratch_store, EXAMPLES / "platform_customers_gbk.csv", mapping=MAPPING, dry_run=True
    )
    bom = tmp_path / "bom.csv"
    bom.write_bytes(
        (EXAMPLES / "platform_customers.csv").read_text(encoding="utf-8").encode("utf-8-sig")
    )
    with_bom = load_file(scratch_store, bom, mapping=MAPPING, dry_run=True)
    assert utf8.summary == gbk.summary == with_bom.summary
    assert [c["name"] for c in gbk.created] == [c["name"] for c in utf8.created]


def test_xlsx_loads(scratch_store: GraphStore, tmp_path: Path) -> None:
    frame = pd.read_csv(EXAMPLES / "platform_customers.csv", dtype=str, keep_default_na=False)
    xlsx = tmp_path / "customers.xlsx"
    frame.to_excel(xlsx, index=False)
    result = load_file(scratch_store, xlsx, mapping=MAPPING, dry_run=True)
    assert result.summary["links"] == 5


def test_dry_run_writes_nothing_and_flags_uncertain_names(
    scratch_store: GraphStore, tmp_path: Path
) -> None:
    version = scratch_store.version
    table = tmp_path / "t.csv"
    table.write_text(
        "subject,subject_class,relation,object,object_class,source,quote\n"
        "浪潮云州工业互联网平台,Platform,serves,示例甲公司,Enterprise,示例,示例一\n"
        "浪潮云洲,Platform,serves,示例乙公司,Enterprise,示例,示例二\n",
        encoding="utf-8",
    )
    result = load_file(scratch_store, table, dry_run=True)
    assert scratch_store.version == version
    assert [f["name"] for f in result.flagged] == ["浪潮云州工业互联网平台"]
    assert result.flagged[0]["candidate"] == "浪潮云洲工业互联网平台"
    assert result.summary["skipped"] == 1 and result.summary["links"] == 1
    created = load_file(scratch_store, table, dry_run=True, on_uncertain="create")
    assert created.summary["links"] == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("subject,subject_class,relation,object,object_class,source\n", "header is not"),
        (
            "subject,subject_class,relation,object,object_class,source,quote\n"
            "浪潮云洲,Platfrom,serves,甲,Enterprise,s,q\n",
            "row 2, column 'subject_class': unknown class 'Platfrom'",
        ),
        (
            "subject,subject_class,relation,object,object_class,source,quote\n"
            "浪潮云洲,Platform,servs,甲,Enterprise,s,q\n",
            "row 2, column 'relation': unknown relation 'servs'",
        ),
        (
            "subject,subject_class,relation,object,object_class,source,quote\n"
            ",Platform,serves,甲,Enterprise,s,q\n",
            "row 2, column 'subject': empty subject",
        ),
        (
            "subject,subject_class,relation,object,object_class,source,quote\n"
            "浪潮云洲,Platform,serves,甲,Enterprise,s,q\n浪潮云洲,Platform,serves,甲,Enterprise,s,q2\n",
            "row 3: duplicate row",
        ),
    ],
)
def test_bad_tables_are_refused_whole(
    scratch_store: GraphStore, tmp_path: Path, content: str, expected: str
) -> None:
    before = _state(scratch_store)
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_file(scratch_store, bad)
    assert "bad.csv" in str(err.value) and expected in str(err.value)
    assert _state(scratch_store) == before


def test_wrong_type_and_missing_column_and_encoding(
    scratch_store: GraphStore, tmp_path: Path
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "name: m\nsubject: {column: 平台, class: Platform}\nrelation: funds\n"
        "object: {column: 企业, class: Enterprise}\nfact: {quote: 说明, amount: 金额}\n",
        encoding="utf-8",
    )
    table = tmp_path / "t.csv"
    table.write_text("平台,企业,说明,金额\n浪潮云洲,甲公司,示例,一百万\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"row 2, column '金额': '一百万' is not a number"):
        load_file(scratch_store, table, mapping=mapping)
    table.write_text("平台,说明,金额\n浪潮云洲,示例,100\n", encoding="utf-8")
    with pytest.raises(LoadError, match="missing column"):
        load_file(scratch_store, table, mapping=mapping)
    table.write_bytes(b"\xff\xfe\xff\xff,\x80\n")
    with pytest.raises(LoadError, match="neither UTF-8 nor GBK"):
        load_file(scratch_store, table, mapping=mapping)


def test_rdf_files_load_and_bad_syntax_is_named(scratch_store: GraphStore, tmp_path: Path) -> None:
    before = _state(scratch_store)
    result = load_file(scratch_store, EXAMPLES / "extra.ttl")
    assert result.triples == 16
    from rdflib import Graph

    jsonld = tmp_path / "extra.jsonld"
    Graph().parse(EXAMPLES / "extra.ttl").serialize(jsonld, format="json-ld")
    load_file(scratch_store, jsonld, name="extra")  # same triples under the same name
    unload(scratch_store, "extra")
    assert _state(scratch_store) == before
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix gf: <https://gongfu-graph.org/ontology#> .\n<a> gf:x \n", encoding="utf-8"
    )
    with pytest.raises(LoadError, match=r"broken.ttl.*line 2|broken.ttl.*2:"):
        load_file(scratch_store, broken)
    bad_shape = tmp_path / "shape.ttl"
    bad_shape.write_text(
        "@prefix gf: <https://gongfu-graph.org/ontology#> .\n"
        "<https://gongfu-graph.org/id/jinan> gf:responsibleFor "
        "<https://gongfu-graph.org/id/inspur-yunzhou> .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="responsible"):
        load_file(scratch_store, bad_shape)
    assert _state(scratch_store) == before


def test_killed_load_leaves_the_store_as_it_was(scratch_store: GraphStore) -> None:
    assert scratch_store.root is not None
    before = _state(scratch_store)
    code = f"""
import os
import loaders.table_store as table_store
real = table_store._stage
def killer(writable, *a, **k):
    real(writable, *a, **k)          # the quads are in the new snapshot, checked ...
    os.kill(os.getpid(), 9)          # ... and the process dies before it is swapped in
table_store._stage = killer
import loaders.load as load
from graph.store import GraphStore
load.load_file(GraphStore({str(scratch_store.root)!r}), {str(EXAMPLES / "platform_customers.csv")!r},
               mapping={str(MAPPING)!r})
"""
    proc = subprocess.run([sys.executable, "-c", code], timeout=180, check=False, cwd=ROOT)
    assert proc.returncode == -9
    again = GraphStore(scratch_store.root)
    assert _state(again) == before


def test_cli_load_sources_unload(tmp_path: Path, data_dir: Path) -> None:
    store = tmp_path / "s"
    run_gongfu("build", store=store, check=True)
    before = run_gongfu("stats", "--json", store=store, check=True).stdout
    dry = json.loads(
        run_gongfu(
            "load", str(EXAMPLES / "links.csv"), "--dry-run", "--json", store=store, check=True
        ).stdout
    )
    assert dry["dry_run"] and dry["summary"]["created"] == 2
    assert run_gongfu("stats", "--json", store=store, check=True).stdout == before
    out = run_gongfu(
        "load",
        str(EXAMPLES / "platform_customers.csv"),
        "--mapping",
        str(MAPPING),
        store=store,
        check=True,
    ).stdout
    assert "5 links, 3 created, 7 linked, 0 flagged" in out
    listed = json.loads(run_gongfu("sources", "--json", store=store, check=True).stdout)
    assert {"seed", "ontology", "platform-customers-example"} <= {r["name"] for r in listed}
    run_gongfu("unload", "platform-customers-example", store=store, check=True)
    assert (
        json.loads(run_gongfu("stats", "--json", store=store, check=True).stdout)["quads"]
        == json.loads(before)["quads"]
    )
    bad = run_gongfu("load", str(EXAMPLES / "platform_customers.csv"), store=store)
    assert (
        bad.returncode != 0
        and "platform_customers.csv" in bad.stderr
        and "Traceback" not in bad.stderr
    )
    gone = run_gongfu("unload", "nothing-like-this", store=store)
    assert gone.returncode != 0 and "no load named" in gone.stderr


def test_progress_bar_on_large_tables(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run_gongfu("build", store=store, check=True)
    table = tmp_path / "big.csv"
    lines = ["subject,subject_class,relation,object,object_class,source,quote"]
    lines += [
        f"浪潮云洲,Platform,serves,示例企业{i:05d}有限公司,Enterprise,示例,示例第{i}行"
        for i in range(2500)
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "GONGFU_PROGRESS": "1"}
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("gongfu")), "load", str(table), "--dry-run"],
        capture_output=True,
        text=True,
        env={**env, "GONGFU_STORE": str(store)},
        timeout=600,
        check=True,
    )
    assert "2500 links, 2500 created" in proc.stdout


# -- names, resolution, the streaming plan (loaders/names.py, resolve.py, tabular.py) ---------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u200b浪潮云洲\u200b", "浪潮云洲"),
        ("\ufeff临工\u2060重机\u200c\u200d", "临工重机"),
        ("  济南\u3000二机床\t集团\n", "济南 二机床 集团"),
        ("Cafe\u0301", "Café"),
        ("soft\u00adhyphen", "softhyphen"),
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
    ],
)
def test_clean_name_gives_one_spelling(raw: str, clean: str) -> None:
    from loaders.names import clean_name, name_key

    assert clean_name(raw) == clean
    assert name_key(raw) == clean


@pytest.mark.parametrize(
    ("raw", "what", "position"),
    [
        ("甲\x00乙", "control character U+0000", 2),
        ("\x1b]0;title\x07", "control character U+001B", 1),
        ("abc\u202edef", "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)", 4),
        ("a\u2066b", "bidirectional control U+2066", 2),
        ("ab\u200fc", "bidirectional control U+200F", 3),
        ("x\x85y", "control character U+0085", 2),
        ("tag\U000e0041", "invisible format character U+E0041", 4),
    ],
)
def test_clean_name_refuses_what_acts_on_the_screen(raw: str, what: str, position: int) -> None:
    from loaders.names import BadName, clean_name, name_key

    with pytest.raises(BadName) as err:
        clean_name(raw)
    assert what in str(err.value) and err.value.position == position
    assert "\x00" not in name_key(raw) and "\u202e" not in name_key(raw)


def test_resolver_reads_the_store_and_resolves_each_name_once(seed_store: GraphStore) -> None:
    from graph.project_nx import cached_property_graph
    from loaders.resolve import Resolver

    from_store = Resolver.from_store(seed_store)
    from_graph = Resolver(cached_property_graph(seed_store))
    names = [
        ("\u200b浪潮云洲\u200b", "Platform"),
        ("浪潮云州工业互联网平台", "Platform"),
        ("临工重机股份有限公司", "Enterprise"),
        ("山东临工重机", "Enterprise"),
        ("济南二机床集团有限公司", "Enterprise"),
        ("完全陌生的公司", "Enterprise"),
        ("济南市", "Region"),
    ]
    many = from_store.resolve_many(names)
    assert many == from_graph.resolve_many(names)
    assert many == {pair: from_store.resolve(*pair) for pair in names}
    assert many[names[0]].iri == "https://gongfu-graph.org/id/inspur-yunzhou"
    assert many[names[1]].status == "uncertain" and many[names[5]].status == "new"


def test_english_labels_are_lazy_pinyin() -> None:
    from pypinyin import lazy_pinyin

    from loaders.tabular import _english

    for name in (
        "临工重机股份有限公司",
        "银行行长",
        "重庆长安汽车",
        "济南二机床(集团)A1号",
        "〇号车间",
    ):
        expected = " ".join(s.capitalize() for s in lazy_pinyin(name) if s.strip())
        assert _english(name) == expected


def test_slices_give_the_same_triples_however_cut(seed_store: GraphStore, tmp_path: Path) -> None:
    from loaders.resolve import Resolver
    from loaders.tabular import plan_table_load, read_mapping, source_documents

    def triples(rows_per_slice: int) -> tuple[set[str], dict[str, int]]:
        plan = plan_table_load(
            Resolver.from_store(seed_store),
            EXAMPLES / "platform_customers.csv",
            read_mapping(MAPPING),
            source_docs=source_documents(seed_store),
        )
        lines = {
            line for data in plan.slices(rows_per_slice) for line in data.decode().splitlines()
        }
        assert len(lines) == plan.triples
        return lines, plan.summary()

    whole, summary = triples(1000)
    assert triples(1) == (whole, summary) and triples(2) == (whole, summary)
    assert summary["links"] == 5 and summary["created"] == 3


def test_a_load_that_would_give_an_entity_a_second_label_is_refused(
    scratch_store: GraphStore, tmp_path: Path
) -> None:
    """The shapes are checked against the whole store: an IRI the table would create that
    another graph already labels differently is refused, in a dry run as in the load."""
    import hashlib

    from loaders.resolve import core_name

    iri = "x-" + hashlib.sha1(f"Enterprise|{core_name('示例冲突公司')}".encode()).hexdigest()[:12]
    other = tmp_path / "other.ttl"
    other.write_text(
        f'<https://gongfu-graph.org/id/{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "别的名字"@zh .\n',
        encoding="utf-8",
    )
    load_file(scratch_store, other, name="other")
    before = _state(scratch_store)
    table = tmp_path / "clash.csv"
    table.write_text(
        "subject,subject_class,relation,object,object_class,source,quote\n"
        "浪潮云洲,Platform,serves,示例冲突公司,Enterprise,示例,示例冲突公司使用浪潮云洲\n",
        encoding="utf-8",
    )
    for dry_run in (True, False):
        with pytest.raises(
            ValidationError, match=rf"clash.csv, row 2: {iri}: needs exactly one Chinese label"
        ):
            load_file(scratch_store, table, dry_run=dry_run)
    assert _state(scratch_store) == before


def test_in_memory_store_checks_before_it_writes(tmp_path: Path) -> None:
    from loaders.build import build_store

    store = GraphStore(None)
    build_store(store)
    before = store.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "subject,subject_class,relation,object,object_class,source,quote\n"
        "示例甲公司,Enterprise,responsibleFor,示例任务,PolicyTask,示例,示例引文\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"row 2: .*only a government body"):
        load_file(store, bad)
    assert store.count() == before
    result = load_file(store, EXAMPLES / "links.csv")
    stated = next(
        iter(
            store.query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://gongfu-graph.org/graph/load/links> "
                "{ ?s ?p ?o FILTER(?p != <https://gongfu-graph.org/ontology#searchKey>) } }"
            )
        )
    )
    assert int(stated["n"].value) == result.triples > 0  # the load, beside its search keys


def test_mapping_is_checked_key_by_key(tmp_path: Path) -> None:
    from loaders.table_mapping import read_mapping

    base = "subject: {column: a, class: 工业互联网平台}\nrelation: 服务\nobject: {column: b, class: Enterprise}\n"
    path = tmp_path / "m.yaml"
    path.write_text(base, encoding="utf-8")
    spec = read_mapping(path)  # classes and relations by their zh labels
    assert (spec.subject.cls, spec.relation, spec.name) == ("Platform", "serves", "m")
    for text, expected in [
        (
            base.replace("column: a", "column: yes"),
            "key 'subject.column': expected a column name (text), found true",
        ),
        (
            base + "fact: {quote: [a]}\n",
            "key 'fact.quote': expected a column name (text), found a list",
        ),
        (base + "name: {a: 1}\n", "key 'name': expected a load name (text), found a mapping"),
        (base.replace("{column: b,", "{column: b, props: {kind: [x]},"), "key 'object.props.kind'"),
        (
            base.replace("relation: 服务", "relation: null"),
            "key 'relation': expected a relation name, found nothing",
        ),
        (base + "relation_column: a\n", "exactly one of 'relation'"),
        (
            base.replace("{column: a, class: 工业互联网平台}", "a"),
            "key 'subject': expected a mapping such as",
        ),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as err:
            read_mapping(path)
        assert f"m.yaml, {expected}" in str(err.value) or expected in str(err.value), str(err.value)
        assert "\n" not in str(err.value)


def test_rdf_dry_run_checks_and_writes_nothing(scratch_store: GraphStore, tmp_path: Path) -> None:
    """A dry run of an RDF file runs the same checks in a snapshot that is then discarded."""
    version = scratch_store.version
    result = load_file(scratch_store, EXAMPLES / "extra.ttl", dry_run=True)
    assert result.triples == 16 and scratch_store.version == version
    bad = tmp_path / "bad.nt"
    bad.write_text(
        '<https://gongfu-graph.org/id/jinan> <http://www.w3.org/2000/01/rdf-schema#label> "泉城"@zh .\n',
        encoding="utf-8",
    )
    with pytest.raises(
        ValidationError, match=r"bad\.nt: 1 violation.*jinan: needs exactly one Chinese"
    ):
        load_file(scratch_store, bad, dry_run=True)
    assert scratch_store.version == version


def test_in_memory_store_is_left_as_it_was_by_a_refused_load(tmp_path: Path) -> None:
    """An in-memory store has no snapshot to discard: the load is staged in a copy."""
    from loaders.bulk import load_rdf_bulk

    store = GraphStore(None)
    good = tmp_path / "good.nt"
    good.write_text(
        '<https://gongfu-graph.org/id/x> <https://gongfu-graph.org/ontology#note> "x" .\n',
        encoding="utf-8",
    )
    assert load_rdf_bulk(store, good, name="good") == 1
    before = sorted(str(q) for q in store.ox)
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix gf: <https://gongfu-graph.org/ontology#> .\n"
        "<https://gongfu-graph.org/id/y> a gf:Enterprise .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError):
        load_rdf_bulk(store, bad, name="bad")
    assert sorted(str(q) for q in store.ox) == before


def test_missing_inputs_are_named_in_one_line(scratch_store: GraphStore, tmp_path: Path) -> None:
    for path, mapping, expected in [
        (tmp_path / "none.ttl", None, "none.ttl: no such file"),
        (tmp_path / "none.csv", None, "none.csv: no such file"),
        (EXAMPLES / "platform_customers.csv", tmp_path / "m.yaml", "m.yaml: no such mapping file"),
    ]:
        with pytest.raises(LoadError) as err:
            load_file(scratch_store, path, mapping=mapping)
        assert str(err.value).endswith(expected) and "\n" not in str(err.value)
