"""Loading a reviewed document: the accepted candidates through the curated loader's checks
(every rule of data/README.md, the quote rule included) and the load path every other load
takes (shapes, one named graph, all or nothing), so that ``gongfu unload`` removes it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, Graph, Literal

from graph.errors import LoadError
from graph.project_nx import cached_property_graph
from graph.store import GraphStore
from loaders.base import load_name_of
from loaders.curated import curated_graph, read_curated
from loaders.documents.review import REVIEW_KEY, accepted_records, read_review
from loaders.quotes import squash
from ontology.namespace import ID
from ontology.schema import load_schema

__all__ = ["AcceptResult", "accept_review", "documents_dir", "load_name_for"]


@dataclass
class AcceptResult:
    """What loading a review did (or, with dry_run, would do)."""

    name: str
    file: str
    dry_run: bool
    triples: int
    entities: int
    new_entities: int
    facts: int
    values: int
    dropped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def load_name_for(review: dict[str, Any]) -> str:
    """The load's name: ``doc-`` and the kept source file's stem."""
    return load_name_of("doc-" + Path(str(review["source"])).stem)


def documents_dir(store: GraphStore) -> Path | None:
    """Where a store keeps the texts of ingested documents (beside its snapshots)."""
    return store.root / "documents" if store.root is not None else None


def _check_quotes(review_path: Path, review: dict[str, Any], text: str) -> None:
    """Refuse the first accepted record whose quote no longer occurs, naming its line."""
    squashed = squash(text)
    for key in ("entities", "facts", "values"):
        for i, rec in enumerate(review.get(key) or []):
            notes = rec.get(REVIEW_KEY) if isinstance(rec, dict) else None
            if isinstance(notes, dict) and notes.get("decision", "accept") != "accept":
                continue
            quote = str(rec.get("quote") or "")
            if not squash(quote) or squash(quote) not in squashed:
                raise LoadError(
                    f"line {rec.get('__line__', '?')}: {key}[{i}]: quote does not occur in "
                    f"{review['source']}: {quote!r}",
                    file=str(review_path),
                )


def accept_review(
    store: GraphStore,
    review_path: Path,
    *,
    name: str | None = None,
    dry_run: bool = False,
    accepted_out: Path | None = None,
) -> AcceptResult:
    """Load the accepted records of ``review_path`` as the document's own load.

    Raises:
        LoadError: a quote no longer occurs, an id or class is wrong (file and line named);
            nothing is written.
        ValidationError: the result breaks the ontology's shapes; nothing is written.
    """
    from loaders.load import load_graph

    review_path = Path(review_path)
    review = read_review(review_path, lines=True)
    source = review_path.parent / str(review["source"])
    if not source.is_file():
        raise LoadError(
            f"the source text {review['source']} is not beside the review file",
            file=str(review_path),
        )
    text = source.read_text(encoding="utf-8")
    _check_quotes(review_path, review, text)
    pg = cached_property_graph(store)
    existing = {str(n.props.get("id") or iri.rsplit("/", 1)[-1]): n for iri, n in pg.nodes.items()}
    clean, dropped = accepted_records(_unlined(review), set(existing))
    stubs = []
    for rec in clean["entities"]:
        node = existing.get(str(rec.get("id")))
        if node is not None and rec.get("class") != node.label:
            raise LoadError(
                f"entity {rec.get('id')} is a {node.label} in the graph, not a {rec.get('class')}",
                file=str(review_path),
            )
    referred = {str(r.get("id")) for r in clean["entities"]}
    referred |= {str(f[k]) for f in clean["facts"] for k in ("s", "o")}
    referred |= {str(v[k]) for v in clean["values"] for k in ("indicator", "scope")}
    for eid in sorted(referred & set(existing)):
        node = existing[eid]
        stubs.append(
            {
                "id": eid,
                "class": node.label,
                "zh": node.name,
                "en": str(node.props.get("name_en") or node.name),
            }
        )
    load_name = load_name_of(name) if name else load_name_for(review)
    with tempfile.TemporaryDirectory(prefix="gongfu-accept-") as tmp:
        folder = Path(tmp)
        (folder / "curated").mkdir()
        (folder / "sources").mkdir()
        shutil.copyfile(source, folder / "sources" / str(review["source"]))
        (folder / "curated" / "common.yaml").write_text(
            yaml.safe_dump({"entities": stubs}, allow_unicode=True), encoding="utf-8"
        )
        (folder / "curated" / f"{load_name}.yaml").write_text(
            yaml.safe_dump(clean, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        try:
            data = read_curated(folder / "curated", folder / "sources")
        except LoadError as exc:
            raise LoadError(
                str(exc).replace(str(folder / "curated") + "/", ""), file=str(review_path)
            ) from exc
        g = curated_graph(data)
    _drop_stub_triples(g, stubs)
    triples = load_graph(store, g, name=load_name, file=str(review_path), dry_run=dry_run)
    if not dry_run:
        docs = documents_dir(store)
        if docs is not None:
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, docs / str(review["source"]))
        if accepted_out is not None:
            Path(accepted_out).write_text(
                yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=100),
                encoding="utf-8",
            )
    new = [r for r in clean["entities"] if str(r.get("id")) not in existing]
    return AcceptResult(
        load_name,
        str(review_path),
        dry_run,
        triples,
        len(clean["entities"]),
        len({str(r.get("id")) for r in new}),
        len(clean["facts"]),
        len(clean["values"]),
        dropped,
    )


def _unlined(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unlined(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_unlined(v) for v in value]
    return value


def _drop_stub_triples(g: Graph, stubs: list[dict[str, Any]]) -> None:
    """The existing entities' own type and labels are in the graph already: not this load's."""
    schema = load_schema()
    for stub in stubs:
        node = ID[stub["id"]]
        g.remove((node, RDF.type, schema.classes[stub["class"]].iri))
        g.remove((node, RDFS.label, Literal(str(stub["zh"]).strip(), lang="zh")))
        g.remove((node, RDFS.label, Literal(str(stub["en"]).strip(), lang="en")))
