"""A SPARQL 1.1 endpoint in place of the embedded store, and pushing the graph to one.

``RemoteStore`` answers the same reading calls as ``GraphStore`` (``query``, ``count``,
``version`` …) over HTTP, so the CLI and the app run unchanged on Oxigraph server, Apache
Jena Fuseki, GraphDB or Virtuoso. The endpoint must use the union of its named graphs as
the default graph (Oxigraph: ``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``),
because the project keeps each load in its own named graph. Results are parsed by
pyoxigraph, so callers get the same objects as from the embedded store.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from graph.errors import GongfuError, QueryError
from graph.store import GraphStore

__all__ = ["RemoteStore", "push_to_endpoint", "update_endpoint_for"]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
_WHERE = re.compile(r"WHERE\s*\{", re.IGNORECASE)


def _post(
    url: str, body: str, content_type: str, *, accept: str = _ACCEPT, timeout: float = 60
) -> tuple[bytes, str]:
    if not url.startswith(("http://", "https://")):
        raise GongfuError(f"not an HTTP SPARQL endpoint: {url!r}")
    request = urllib.request.Request(
        url,
        data=body.encode("utf-8"),
        method="POST",
        headers={"Content-Type": content_type, "Accept": accept},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500].strip()
        if exc.code == 400 and "error at" in detail:
            raise SyntaxError(detail) from None  # handled like the embedded engine's syntax errors
        raise QueryError(f"the endpoint {url} answered {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise GongfuError(f"cannot reach the SPARQL endpoint {url}: {exc.reason}") from None


def _inline(
    text: str, prefixes: dict[str, str] | None, substitutions: dict[ox.Variable, ox.Term] | None
) -> str:
    """Prefixes as PREFIX lines, and bound values as a VALUES block in the first WHERE."""
    if substitutions:
        names = " ".join(f"?{v.value}" for v in substitutions)
        terms = " ".join(str(t) for t in substitutions.values())
        block = f"VALUES ({names}) {{ ({terms}) }}"
        text = _WHERE.sub(lambda m: f"{m.group(0)} {block}", text, count=1)
    if prefixes:
        head = "".join(
            f"PREFIX {p}: <{iri}>\n"
            for p, iri in prefixes.items()
            if not re.search(rf"PREFIX\s+{p}:", text, re.IGNORECASE)
        )
        text = head + text
    return text


class RemoteStore:
    """The reading side of ``GraphStore`` over a SPARQL endpoint (read-only)."""

    root = None

    def __init__(self, endpoint: str, *, timeout: float = 60, version_ttl: float = 10) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.version_ttl = version_ttl
        self._version = ""
        self._checked = 0.0
        self.refresh()

    @property
    def ox(self) -> RemoteStore:
        """Itself: the calls made on an Oxigraph store are answered over HTTP."""
        return self

    @property
    def version(self) -> str:
        return self._version

    def exists(self) -> bool:
        return True

    def refresh(self) -> bool:
        """Recompute the data version (the endpoint's triple count) every few seconds."""
        if time.monotonic() - self._checked < self.version_ttl and self._version:
            return False
        self._checked = time.monotonic()
        old = self._version
        self._version = f"{self.endpoint}#{self.count()}"
        return old != self._version

    def query(
        self,
        text: str,
        *,
        use_default_graph_as_union: bool = True,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, ox.Term] | None = None,
        **_: object,
    ) -> object:
        """Run SPARQL on the endpoint; results as pyoxigraph objects (solutions, boolean, triples)."""
        body, content_type = _post(
            self.endpoint,
            _inline(text, prefixes, substitutions),
            "application/sparql-query",
            timeout=self.timeout,
        )
        if "json" in content_type:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if "xml" in content_type and "sparql-results" in content_type:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        return iter(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def count(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def named_graphs(self) -> Iterable[ox.NamedNode]:
        return [r["g"] for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.named_graphs())

    def write(self, **_: object) -> object:
        raise GongfuError(
            "a SPARQL endpoint is read-only here: build or load into the embedded "
            "store, then 'gongfu push --sparql-endpoint URL'"
        )


def update_endpoint_for(endpoint: str) -> str:
    """The usual update URL beside a query URL: …/query → …/update, …/sparql → …/update."""
    for tail in ("/query", "/sparql"):
        if endpoint.endswith(tail):
            return endpoint[: -len(tail)] + "/update"
    return endpoint.rstrip("/") + "/update"


def push_to_endpoint(store: GraphStore, update_url: str, *, batch: int = 5000) -> dict[str, int]:
    """Copy every named graph of the store to the endpoint with SPARQL Update.

    Each graph is dropped and written again (``DROP SILENT GRAPH`` then ``INSERT DATA`` in
    batches), so a second push leaves the endpoint as the first one did.
    """
    written: dict[str, int] = {}
    for graph in sorted(store.ox.named_graphs(), key=lambda g: g.value):
        _post(
            update_url,
            f"DROP SILENT GRAPH <{graph.value}>",
            "application/sparql-update",
            accept="*/*",
        )
        quads = list(store.ox.quads_for_pattern(None, None, None, graph))
        for start in range(0, len(quads), batch):
            lines = "\n".join(
                f"{q.subject} {q.predicate} {q.object} ." for q in quads[start : start + batch]
            )
            _post(
                update_url,
                f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{lines}\n}} }}",
                "application/sparql-update",
                accept="*/*",
                timeout=300,
            )
        written[graph.value] = len(quads)
    return written
