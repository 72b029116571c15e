"""The store: a failed build leaves it as it was, one writer at a time, readers see new data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from graph.errors import LoadError, StoreBusy, ValidationError
from graph.store import GraphStore, _exclusive_lock
from loaders.build import build_store
from tests.conftest import run_gongfu


def _append_fact(data: Path, fact: dict) -> None:
    path = data / "curated" / "001_jinan_interviews.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["facts"].append(fact)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_bad_quote_is_refused_and_store_unchanged(
    scratch_store: GraphStore, scratch_data: Path
) -> None:
    version, count = scratch_store.version, scratch_store.count()
    _append_fact(
        scratch_data,
        {"s": "inspur-yunzhou", "p": "serves", "o": "lingong-heavy", "quote": "这句话不在原文里"},
    )
    with pytest.raises(LoadError) as err:
        build_store(scratch_store, scratch_data)
    assert "001_jinan_interviews.yaml" in str(err.value) and "quote does not occur" in str(
        err.value
    )
    assert (scratch_store.version, scratch_store.count()) == (version, count)


def test_unknown_relation_and_entity_are_named(
    scratch_store: GraphStore, scratch_data: Path
) -> None:
    _append_fact(
        scratch_data, {"s": "inspur-yunzhou", "p": "servs", "o": "nobody", "quote": "浪潮云洲"}
    )
    with pytest.raises(LoadError) as err:
        build_store(scratch_store, scratch_data)
    text = str(err.value)
    assert "unknown relation 'servs'" in text and "names no entity: 'nobody'" in text
    assert ".yaml:" in text  # the line number


def test_shape_violation_is_refused(scratch_store: GraphStore, scratch_data: Path) -> None:
    version = scratch_store.version
    _append_fact(
        scratch_data,
        {"s": "inspur-yunzhou", "p": "responsibleFor", "o": "jinan", "quote": "浪潮云洲"},
    )
    with pytest.raises(ValidationError) as err:
        build_store(scratch_store, scratch_data)
    assert "responsible" in str(err.value)
    assert scratch_store.version == version


def test_yaml_syntax_error_via_cli(tmp_path: Path, scratch_data: Path) -> None:
    store = tmp_path / "s"
    run_gongfu("build", "--data", str(scratch_data), store=store, check=True)
    before = run_gongfu("stats", "--json", store=store, check=True).stdout
    bad = scratch_data / "curated" / "002_provincial_articles.yaml"
    bad.write_text(bad.read_text(encoding="utf-8") + "\n  - {s: [unclosed\n", encoding="utf-8")
    proc = run_gongfu("build", "--data", str(scratch_data), store=store)
    assert proc.returncode != 0
    assert "002_provincial_articles.yaml" in proc.stderr and "line" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert run_gongfu("stats", "--json", store=store, check=True).stdout == before


def test_second_writer_is_told_the_store_is_busy(scratch_store: GraphStore) -> None:
    assert scratch_store.root is not None
    with _exclusive_lock(scratch_store.root / "write.lock"), pytest.raises(StoreBusy) as err:
        build_store(scratch_store)
    assert "being written by another process" in str(err.value)


def test_reader_sees_a_new_version_without_restart(scratch_store: GraphStore) -> None:
    assert scratch_store.root is not None
    reader = GraphStore(scratch_store.root)
    old = reader.version
    code = (
        "from graph.store import GraphStore; from loaders.build import build_store; "
        f"build_store(GraphStore({str(scratch_store.root)!r}))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert reader.refresh() is True
    assert reader.version != old and reader.count() > 0


def test_interrupted_build_leaves_store_as_it_was(scratch_store: GraphStore) -> None:
    assert scratch_store.root is not None
    version, count = scratch_store.version, scratch_store.count()
    code = (
        "import os\nfrom graph.store import GraphStore\n"
        f"s = GraphStore({str(scratch_store.root)!r})\n"
        "with s.write(fresh=True) as w:\n"
        "    import pyoxigraph as ox\n"
        "    w.add(ox.Quad(ox.NamedNode('http://x/a'), ox.NamedNode('http://x/b'), ox.Literal('c')))\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], timeout=120, check=False)
    assert proc.returncode == -9
    again = GraphStore(scratch_store.root)
    assert (again.version, again.count()) == (version, count)


def test_projection_is_kept_on_disk_per_version(
    scratch_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process loads the saved property graph instead of reading the whole store."""
    import graph.project_nx as projection

    built = projection.cached_property_graph(scratch_store)
    path = projection.projection_file(scratch_store)
    assert path is not None and path.exists()
    # as a new process: nothing in memory, and building is not allowed
    projection._cache.clear()

    def no_build(*_args: object) -> None:
        raise AssertionError("built again instead of loading the saved projection")

    monkeypatch.setattr(projection, "property_graph", no_build)
    loaded = projection.cached_property_graph(scratch_store)
    assert loaded.nodes.keys() == built.nodes.keys()
    assert [(e.source, e.type, e.target, e.props) for e in loaded.edges] == [
        (e.source, e.type, e.target, e.props) for e in built.edges
    ]
    assert projection.nx_graph(scratch_store).number_of_edges() == len(built.edges)
    # the search index too is kept and loaded, not worked out again
    import graph.search as search
    from graph.explore import find

    assert [h.iri for h in find(scratch_store, "langchao")]
    search._cache.clear()
    monkeypatch.setattr(search.SearchIndex, "__init__", no_build)
    assert "https://gongfu-graph.org/id/inspur-yunzhou" in {
        h.iri for h in find(scratch_store, "langchao")
    }
    monkeypatch.undo()
    # a torn file is not trusted: it is built again
    projection._cache.clear()
    path.write_bytes(b"not a pickle")
    assert projection.cached_property_graph(scratch_store).nodes.keys() == built.nodes.keys()
    # a new version gets its own file and the old one goes
    from loaders.load import load_file
    from tests.conftest import ROOT

    load_file(scratch_store, ROOT / "data" / "examples" / "extra.ttl", name="extra")
    projection.cached_property_graph(scratch_store)
    new_path = projection.projection_file(scratch_store)
    assert new_path != path and new_path is not None and new_path.exists()
    assert not path.exists()


def test_reader_sees_a_write_of_its_own_process_at_once(
    scratch_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version is looked up at most every RECHECK_S, but not when this process wrote."""
    import graph.store

    assert scratch_store.root is not None
    monkeypatch.setattr(graph.store, "RECHECK_S", 3600.0)
    reader = GraphStore(scratch_store.root)
    before = reader.count()
    reader.refresh()  # the link was just read: the next look is RECHECK_S away
    with GraphStore(scratch_store.root).write() as ox_store:
        ox_store.add(
            ox.Quad(
                ox.NamedNode("https://gongfu-graph.org/id/x"),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal("new"),
                ox.NamedNode("https://gongfu-graph.org/graph/test"),
            )
        )
    assert reader.refresh() is True
    assert reader.count() == before + 1
