"""A SPARQL 1.1 endpoint in place of the embedded store, and pushing the graph to one.

``RemoteStore`` answers the same reading calls as ``GraphStore`` (``query``, ``count``,
``version`` …) over HTTP, the way servers speak the SPARQL 1.1 Protocol: a short query
as GET, a longer one form-encoded (``query=…``; Virtuoso never answers a query POSTed
directly as ``application/sparql-query``), the direct POST only when asked
(``method="direct"`` or ``GONGFU_SPARQL_METHOD=direct``). A result cut at the server's
row cap (Virtuoso's ``ResultSetMaxRows``, 10,000 by default) is fetched again page by
page. A server's error comes back as one line.

The endpoint must use the union of its named graphs as the default graph (Oxigraph:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``; Virtuoso does so by
default), because the project keeps each load in its own named graph. Results are parsed
by pyoxigraph, so callers get the same objects as from the embedded store.

``push_to_endpoint`` copies the embedded store graph by graph: through the Graph Store
Protocol where the server has one, else as SPARQL Update batches as large as the server
accepts (halved until it does). The update URL is the user's, or found by asking (an
empty update that the server accepts), and the push says which.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from graph.errors import GongfuError, QueryError
from graph.store import GraphStore

__all__ = [
    "METHODS",
    "PushReport",
    "RemoteStore",
    "find_update_endpoint",
    "push_to_endpoint",
]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
_WHERE = re.compile(r"WHERE\s*\{", re.IGNORECASE)
#: how a query travels: GET when short, else form-encoded POST; always form; direct POST
METHODS = ("auto", "form", "direct")
_GET_MAX_URL = 2000
_GRAPH_BASE = "https://gongfu-graph.org/graph/"
_META = _GRAPH_BASE + "meta"
_PROV_TIME = "http://www.w3.org/ns/prov#generatedAtTime"
_VOID_TRIPLES = "http://rdfs.org/ns/void#triples"


class HttpError(QueryError):
    """The server answered with an error status (kept for the push's backing off)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def one_line(detail: str, *, limit: int = 300) -> str:
    """A server's error message as one line: whitespace folded, an echoed query dropped.

    Example:
        >>> one_line("Virtuoso 37000 Error SP030: syntax error\\n\\nSPARQL query:\\nSELEC x")
        'Virtuoso 37000 Error SP030: syntax error'
    """
    detail = re.split(r"\n\s*SPARQL query:", detail, maxsplit=1)[0]
    detail = re.sub(r"<[^>]+>", " ", detail) if detail.lstrip().startswith("<") else detail
    text = " ".join(detail.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _http(
    url: str,
    *,
    data: bytes | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[bytes, dict[str, str]]:
    """One HTTP exchange; errors as ``HttpError`` (status and the server's line) or
    ``GongfuError`` (unreachable)."""
    if not url.startswith(("http://", "https://")):
        raise GongfuError(f"not an HTTP SPARQL endpoint: {url!r}")
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    where = url.split("?", 1)[0]  # the endpoint, not a GET's whole query text
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        detail = one_line(exc.read().decode("utf-8", "replace")) or exc.reason
        raise HttpError(f"the endpoint {where} answered {exc.code}: {detail}", exc.code) from None
    except urllib.error.URLError as exc:
        raise GongfuError(f"cannot reach the SPARQL endpoint {where}: {exc.reason}") from None
    except TimeoutError:
        raise QueryError(f"the endpoint {where} did not answer within {timeout:g} s") from None


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


@dataclass(frozen=True)
class _Shape:
    """What the parsed query says about paging it: a SELECT without LIMIT, OFFSET or a
    trailing VALUES can be fetched again page by page."""

    select: bool
    pageable: bool


def _parse(text: str) -> _Shape:
    """Parse with rdflib's SPARQL 1.1 grammar; an update or anything that is not a query
    is refused here, before it reaches the server (Virtuoso would run an update sent as
    a query).

    Raises:
        SyntaxError: not a SPARQL 1.1 query (its message says where).
    """
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException and friends
        raise SyntaxError(f"not a SPARQL 1.1 query: {one_line(str(exc))}") from None
    body = parsed[1]
    select = body.name == "SelectQuery"
    return _Shape(select, select and "limitoffset" not in body and "valuesClause" not in body)


def _v0(rows: list[dict[str, ox.Term | None]], key: str) -> str:
    term = rows[0].get(key) if rows else None
    return term.value if term is not None else "0"


class RemoteStore:
    """The reading side of ``GraphStore`` over a SPARQL endpoint (read-only)."""

    root = None

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 60,
        version_ttl: float = 10,
        method: str | None = None,
        max_rows: int = 20_000,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.version_ttl = version_ttl
        self.method = method or os.environ.get("GONGFU_SPARQL_METHOD") or "auto"
        if self.method not in METHODS:
            raise GongfuError(f"unknown SPARQL method {self.method!r}: {', '.join(METHODS)}")
        self.row_cap: int | None = None  # learnt from the server's answers
        #: the server's product as its answers name it (``Server:``), e.g. ``Virtuoso/07.20``
        self.product = ""
        self._cut = threading.local()  # per thread: pages may be fetched on several
        #: rows fetched at most by paging (the client's memory; callers cap lower)
        self.max_rows = max_rows
        self._version = ""
        self._checked = 0.0
        self._backend: Any = None
        self.refresh()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

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
        """Recompute the data version every few seconds: the load records of the meta
        graph (every build, load and push changes them), else the triple count."""
        if time.monotonic() - self._checked < self.version_ttl and self._version:
            return False
        self._checked = time.monotonic()
        old = self._version
        records = sorted(
            "|".join(str(row[v]) for v in ("g", "t", "n"))
            for row in self.select(
                f"SELECT ?g ?t ?n WHERE {{ GRAPH <{_META}> "
                f"{{ ?g <{_PROV_TIME}> ?t ; <{_VOID_TRIPLES}> ?n }} }}"
            )
        )
        if records:
            mark = hashlib.sha1("\n".join(records).encode()).hexdigest()[:16]
        else:  # data loaded by other means: the number of triples (which servers keep)
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            mark = _v0(rows, "n")
        self._version = f"{self.endpoint}#{mark}"
        if old and old != self._version:
            self._backend = None
        return old != self._version

    # -- the protocol -----------------------------------------------------------------------
    def _send(self, text: str, accept: str = _ACCEPT) -> tuple[bytes, dict[str, str]]:
        headers = {"Accept": accept}
        if self.method == "direct":
            headers["Content-Type"] = "application/sparql-query; charset=utf-8"
            return _http(
                self.endpoint,
                data=text.encode("utf-8"),
                method="POST",
                headers=headers,
                timeout=self.timeout,
            )
        form = urllib.parse.urlencode({"query": text})
        sep = "&" if "?" in self.endpoint else "?"
        if self.method == "auto" and len(self.endpoint) + len(form) + 1 <= _GET_MAX_URL:
            return _http(self.endpoint + sep + form, headers=headers, timeout=self.timeout)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return _http(
            self.endpoint,
            data=form.encode("ascii"),
            method="POST",
            headers=headers,
            timeout=self.timeout,
        )

    def _fetch(self, text: str) -> tuple[bytes, dict[str, str]]:
        try:
            body, headers = self._send(text)
            self.product = headers.get("server", self.product).strip()
        except HttpError as exc:
            if exc.status == 400 and "error at" in str(exc):
                raise SyntaxError(str(exc)) from None  # as the embedded engine's
            raise
        if b"nodeID://" in body:  # Virtuoso's blank node labels, not valid as such
            body = body.replace(b"nodeID://", b"vb")
        return body, headers

    @staticmethod
    def _parsed(body: bytes, headers: dict[str, str]) -> Any:
        content_type = headers.get("content-type", "")
        if "json" in content_type:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if "xml" in content_type and "sparql-results" in content_type:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        return iter(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def _cap_of(self, headers: dict[str, str], rows: int) -> int | None:
        """The server's row cap when this answer was cut by it (Virtuoso says so in
        ``X-SPARQL-MaxRows``), else None."""
        said = headers.get("x-sparql-maxrows")
        if said and said.isdigit():
            self.row_cap = int(said)
            return self.row_cap if rows >= self.row_cap else None
        return None

    def query(
        self,
        text: str,
        *,
        use_default_graph_as_union: bool = True,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, ox.Term] | None = None,
        row_limit: int | None = None,
        **_: object,
    ) -> object:
        """Run a SPARQL 1.1 query on the endpoint; results as pyoxigraph objects. A SELECT
        cut at the server's row cap is fetched again page by page (``LIMIT cap OFFSET k``),
        up to ``max_rows`` or the caller's ``row_limit`` (each page runs the query again:
        none is fetched past what the caller keeps), unless it has its own LIMIT, OFFSET or
        trailing VALUES. ``was_cut()`` then says, on the same thread, whether the server
        may hold more rows than were fetched.

        Raises:
            SyntaxError: not a SPARQL 1.1 query (an update is refused here).
            QueryError: the server's error, in one line.
        """
        text = _inline(text, prefixes, substitutions)
        shape = _parse(text)
        body, headers = self._fetch(text)
        self._cut.value = False
        if shape.pageable and "json" in headers.get("content-type", ""):
            first = json.loads(body)
            bindings = first.get("results", {}).get("bindings", [])
            cap = self._cap_of(headers, len(bindings))
            keep = self.max_rows if row_limit is None else min(self.max_rows, row_limit)
            if cap is not None:
                self._cut.value = True  # until a short page shows the end
                while len(bindings) < keep:
                    try:
                        more, _headers = self._fetch(f"{text}\nLIMIT {cap} OFFSET {len(bindings)}")
                    except QueryError:  # Virtuoso sorts at most MaxSortedTopRows: keep these
                        break
                    page = json.loads(more).get("results", {}).get("bindings", [])
                    bindings.extend(page)
                    if len(page) < cap:
                        self._cut.value = False
                        break
                body = json.dumps(first).encode("utf-8")
        return self._parsed(body, headers)

    def was_cut(self) -> bool:
        """Whether this thread's last ``query`` stopped at the server's row cap with rows
        possibly left on the server (paging stops at the caller's row limit)."""
        return bool(getattr(self._cut, "value", False))

    def select(self, text: str, *, as_written: bool = False) -> list[dict[str, ox.Term | None]]:
        """Rows of a SELECT that the project wrote itself (bounded; may use the server's
        own functions, so it is not parsed here), as dicts of terms.

        ``as_written``: the joins are to be made in the order the text gives them (a small
        set of nodes first, then each one's own triples); Virtuoso is told so with its
        ``sql:select-option "order"``, where its planner otherwise scans a predicate's
        every triple (31 s instead of 0.7 s for a hub's 25,000 neighbours at 10^7)."""
        if as_written and self.product.startswith("Virtuoso"):
            text = f'DEFINE sql:select-option "order"\n{text}'
        body, headers = self._fetch(text)
        result = self._parsed(body, headers)
        rows = [{v.value: s[v] for v in result.variables} for s in result]
        self._cap_of(headers, len(rows))
        return rows

    def count(self) -> int:
        """Quads in the project's named graphs, one graph at a time (Virtuoso counts one
        graph at once, and times out on a filter over all of them at 10^7)."""
        return sum(
            int(
                _v0(
                    self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"),
                    "n",
                )
            )
            for g in self.named_graphs()
        )

    def named_graphs(self) -> Iterable[ox.NamedNode]:
        """The project's named graphs on the server (not the server's own system graphs)."""
        return [
            r["g"]
            for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            if isinstance(r["g"], ox.NamedNode) and r["g"].value.startswith(_GRAPH_BASE)
        ]

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.named_graphs())

    def write(self, **_: object) -> object:
        raise GongfuError(
            "a SPARQL endpoint is read-only here: build or load into the embedded "
            "store, then 'gongfu push --sparql-endpoint URL'"
        )


# ---------------------------------------------------------------------------------------------
# Pushing the embedded store to a server
# ---------------------------------------------------------------------------------------------


@dataclass
class PushReport:
    """What a push wrote, and how: through which URL, in batches of what size."""

    graphs: dict[str, int] = field(default_factory=dict)
    how: str = ""
    url: str = ""
    batch: int = 0
    found: str = ""  # how the URL was found: given | discovered (and by what)

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


def _siblings(endpoint: str, names: Iterable[str]) -> list[str]:
    """URLs beside the query URL: …/query → …/update, …/sparql → …/store …"""
    base = endpoint.split("?", 1)[0].rstrip("/")
    head = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    return [f"{head}/{name}" for name in names]


def _update(url: str, text: str, *, timeout: float = 300) -> None:
    _http(
        url,
        data=urllib.parse.urlencode({"update": text}).encode("ascii"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
        timeout=timeout,
    )


def find_update_endpoint(endpoint: str) -> str | None:
    """The URL that accepts SPARQL Update for this query endpoint, found by asking: the
    query URL itself (Virtuoso) or its ``…/update`` sibling (Oxigraph, Fuseki) is sent an
    empty ``INSERT DATA {}``; the first that accepts it is the one. None when neither does."""
    for url in [endpoint.split("?", 1)[0], *_siblings(endpoint, ("update", "statements"))]:
        try:
            _update(url, "INSERT DATA { }", timeout=30)
        except (HttpError, GongfuError):
            continue
        return url
    return None


def find_graph_store(endpoint: str) -> str | None:
    """A Graph Store Protocol URL beside the query URL (Oxigraph's ``/store``, Fuseki's
    ``/data``) that answers ``HEAD ?default``; None when there is none."""
    for url in _siblings(endpoint, ("store", "data")):
        try:
            _http(url + "?default", method="HEAD", timeout=15)
        except (HttpError, GongfuError):
            continue
        return url
    return None


def _ntriples(quads: Iterable[ox.Quad]) -> Iterator[str]:
    for q in quads:
        yield f"{q.subject} {q.predicate} {q.object} .\n"


def _graph_lines(store: GraphStore, graph: ox.NamedNode) -> Iterator[str]:
    """A graph's triples as N-Triples lines, then its search keys when the graph has
    labels but no keys (a store built before keys were written)."""
    from graph.search import SEARCH_KEY, search_key_quads

    labelled: list[ox.Quad] = []
    has_keys = False
    label_props = {
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    }
    for q in store.ox.quads_for_pattern(None, None, None, graph):
        if q.predicate.value == SEARCH_KEY:
            has_keys = True
        elif q.predicate.value in label_props:
            labelled.append(q)
        yield f"{q.subject} {q.predicate} {q.object} .\n"
    if labelled and not has_keys:
        yield from _ntriples(search_key_quads(labelled, graph))


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _push_graph_store(url: str, graph: str, lines: Iterable[str], lines_per_request: int) -> int:
    """PUT the first chunk (replacing the graph), POST the others (appending)."""
    sent = 0
    target = f"{url}?{urllib.parse.urlencode({'graph': graph})}"
    for i, chunk in enumerate(_chunks(lines, lines_per_request)):
        _http(
            target,
            data="".join(chunk).encode("utf-8"),
            method="PUT" if i == 0 else "POST",
            headers={"Content-Type": "application/n-triples"},
            timeout=600,
        )
        sent += len(chunk)
    return sent


class _Batches:
    """``INSERT DATA`` batches, halved while the server refuses them (Virtuoso's SPARQL
    compiler runs out of memory on a few thousand triples and says so with a 400), then
    kept at the size it took. A refusal that no size changes (401, 403, 404, 405) stops
    the push at once, and so does one of a single triple."""

    def __init__(self, url: str, size: int, log: Callable[[str], None]) -> None:
        self.url, self.size, self.log = url, max(1, size), log

    def send(self, graph: str, lines: list[str]) -> None:
        start = 0
        while start < len(lines):
            part = lines[start : start + self.size]
            try:
                _update(self.url, f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(part)}}} }}")
            except HttpError as exc:
                if exc.status not in (401, 403, 404, 405) and self.size > 1:
                    self.size = max(1, self.size // 2)
                    self.log(f"the server refused {len(part)} triples at once; trying {self.size}")
                    continue
                raise QueryError(f"the push stopped at graph <{graph}>: {exc}") from None
            start += len(part)


def push_to_endpoint(
    store: GraphStore,
    endpoint: str,
    *,
    update_url: str | None = None,
    graph_store: str | None = None,
    batch: int = 5000,
    log: Callable[[str], None] | None = None,
) -> PushReport:
    """Copy every named graph of the store to the server at ``endpoint`` (its query URL).

    Through the Graph Store Protocol when ``graph_store`` is given or found beside the
    query URL (each graph replaced by a PUT, then appended to in chunks); else with SPARQL
    Update at ``update_url`` or the URL found by ``find_update_endpoint``: each graph
    dropped and written again in ``INSERT DATA`` batches. Either way a second push leaves
    the server as the first one did. Search keys are written for graphs that lack them.

    Raises:
        GongfuError: no way to write was given or found; the server refused a batch.
    """
    log = log or (lambda _msg: None)
    report = PushReport()
    if graph_store is None and update_url is None:
        graph_store = find_graph_store(endpoint)
        if graph_store is None:
            update_url = find_update_endpoint(endpoint)
            if update_url is None:
                raise GongfuError(
                    f"found no way to write to {endpoint}: neither it nor …/update accepted "
                    "an empty SPARQL update and no Graph Store was found; pass "
                    "--update-endpoint URL or --graph-store URL (and check that the server "
                    'allows updates: Virtuoso needs GRANT SPARQL_UPDATE TO "SPARQL")'
                )
            report.found = "discovered (it accepted an empty update)"
        else:
            report.found = "discovered (it answered HEAD ?default)"
    else:
        report.found = "given"
    graphs = sorted(store.ox.named_graphs(), key=lambda g: g.value)
    if graph_store is not None:
        report.how, report.url, report.batch = "graph store protocol", graph_store, 100_000
        for graph in graphs:
            log(f"pushing <{graph.value}>")
            report.graphs[graph.value] = _push_graph_store(
                graph_store, graph.value, _graph_lines(store, graph), report.batch
            )
        return report
    assert update_url is not None
    batches = _Batches(update_url, batch, log)
    report.how, report.url = "sparql update", update_url
    for graph in graphs:
        log(f"pushing <{graph.value}>")
        _update(update_url, f"DROP SILENT GRAPH <{graph.value}>")
        sent = 0
        for chunk in _chunks(_graph_lines(store, graph), batch):
            batches.send(graph.value, chunk)
            sent += len(chunk)
        report.graphs[graph.value] = sent
    report.batch = batches.size
    return report
