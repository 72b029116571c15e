"""The SHACL shapes of ontology/shapes.ttl as SPARQL queries over one load's named graph.

pyshacl validates an in-memory rdflib graph: right for the curated seed, too slow and too
big for a million-triple load. These queries ask the store itself, with the load already
staged in its graph, for violations at the nodes the load touches, so every load (a small
Turtle file or a padded N-Triples dump, a table or a Bolt pull) gets the same verdict and
validation grows with the load, not with the store.

What is checked is what pyshacl would report for the store *after* the load, restricted
to the load's own statements:

- a node shape (labels, a fact's or an observation's fields) at every subject of the load
  that is an instance of its class anywhere in the store. A node typed in the load is found
  in the load's graph; a node the load only adds statements to (a second ``@zh`` label on a
  curated entity) is found by :func:`touched_elsewhere`, and both are checked over the
  union of all graphs, so a count ("exactly one") counts the statements of every graph;
- an edge shape (what may stand at each end of a link) at every link of the load. Adding
  statements cannot break a link elsewhere (``sh:class`` only gains instances), so links in
  other graphs need no second look.

Two rules are not shapes but keep the shapes meaningful (:data:`LOAD_RULES`): a load may not
describe the ontology's own terms or extend the class hierarchy, since the checks read the
hierarchy from the store. ``tests/test_checks.py`` holds every check to pyshacl on the
same data, in one graph and across graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = [
    "CHECKS",
    "ENTITY_CLASSES_GF",
    "LOAD_RULES",
    "NODE_PREDICATES",
    "ONTOLOGY_PREFIX",
    "Check",
    "run_checks",
    "touched_elsewhere",
]

_P = """PREFIX gf: <https://gongfu-graph.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

ONTOLOGY_PREFIX = "https://gongfu-graph.org/ontology"

ENTITY_CLASSES_GF = (
    "gf:Platform gf:Enterprise gf:Organization gf:GovernmentBody gf:Park gf:Region gf:Policy "
    "gf:PolicyTask gf:Indicator gf:Infrastructure gf:Event gf:Person gf:IndustrySector "
    "gf:Designation gf:SourceDocument"
)

# Every predicate a node shape reads at its focus node: a node whose statements in the load
# use none of these keeps the verdict it had, whatever the load adds elsewhere.
NODE_PREDICATES = (
    "rdf:type rdfs:label skos:altLabel rdf:subject rdf:predicate rdf:object "
    "prov:wasDerivedFrom gf:quote gf:inferred gf:amount gf:cap gf:share gf:measures gf:scope "
    "gf:year gf:value gf:valueKind gf:comparator"
)


@dataclass(frozen=True)
class Check:
    """One constraint: its message and the pattern a violating ``?focus`` matches.

    ``classes`` (node shapes): the focus is an instance of one of them, anywhere in the
    store, and a subject of the load. ``link`` (edge shapes and load rules): a pattern over
    the load's own statements, ``$G`` standing for its graph, that binds ``?focus``.
    """

    message: str
    violation: str
    classes: str = ""
    link: str = ""


# -- pieces of the patterns --------------------------------------------------------------------
_DECIMAL = r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$"
_INTEGER = r"^[+-]?[0-9]+$"


def _two(p: str) -> str:
    """The focus has two different values of ``p``."""
    return f"EXISTS {{ ?focus {p} ?a1 , ?a2 FILTER(!sameTerm(?a1, ?a2)) }}"


def _none(p: str) -> str:
    return f"NOT EXISTS {{ ?focus {p} ?a0 }}"


def _some_value(p: str, bad: str) -> str:
    """Some value ``?v`` of ``p`` is bad."""
    return f"EXISTS {{ ?focus {p} ?v FILTER({bad}) }}"


def _not_typed(var: str, cls: str, *, subclasses: bool = False) -> str:
    path = "a/rdfs:subClassOf*" if subclasses else "a"
    return f"NOT EXISTS {{ {var} {path} {cls} }}"


def _typed_literal(datatype: str, lexical: str | None = None) -> str:
    """``?v`` is not a literal of ``datatype`` (with a valid lexical form)."""
    bad = f"!isLiteral(?v) || datatype(?v) != {datatype}"
    if lexical:
        bad += f' || !REGEX(STR(?v), "{lexical}")'
    return bad


def _exactly_one(p: str, bad_value: str | None = None) -> str:
    parts = [_none(p), _two(p)]
    if bad_value:
        parts.append(_some_value(p, bad_value))
    return "FILTER(" + " || ".join(parts) + ")"


def _at_most_one(p: str, bad_value: str) -> str:
    return f"FILTER({_two(p)} || {_some_value(p, bad_value)})"


def _from_a_document() -> str:
    return (
        f"FILTER({_none('prov:wasDerivedFrom')} || EXISTS {{ ?focus prov:wasDerivedFrom ?d "
        f"FILTER {_not_typed('?d', 'gf:SourceDocument')} }})"
    )


def _quote() -> str:
    return (
        f"FILTER({_none('gf:quote')} || "
        + _some_value("gf:quote", _typed_literal("xsd:string") + " || STRLEN(STR(?v)) < 2")
        + ")"
    )


def _label(lang: str) -> str:
    tagged = 'isLiteral(?{v}) && langMatches(lang(?{v}), "' + lang + '")'
    return (
        f"FILTER(NOT EXISTS {{ ?focus rdfs:label ?l FILTER({tagged.format(v='l')}) }} || "
        f"EXISTS {{ ?focus rdfs:label ?a1 , ?a2 FILTER({tagged.format(v='a1')} && "
        f"{tagged.format(v='a2')} && !sameTerm(?a1, ?a2)) }})"
    )


def _one_of(values: Iterable[str]) -> str:
    """``?v`` is none of these plain literals (``sh:in`` compares terms)."""
    return "!(" + " || ".join(f'sameTerm(?v, "{v}")' for v in values) + ")"


_AGENT = "gf:Agent"
_SERVING = (
    "gf:Platform gf:Agent gf:Enterprise gf:Organization gf:GovernmentBody gf:Infrastructure "
    "gf:Park gf:Policy gf:PolicyTask"
)

NODE_CHECKS_LIST: tuple[Check, ...] = (
    Check("needs exactly one Chinese label (@zh)", _label("zh"), classes=ENTITY_CLASSES_GF),
    Check("needs exactly one English label (@en)", _label("en"), classes=ENTITY_CLASSES_GF),
    Check(
        "an entity must be named by an IRI, not a blank node",
        "FILTER(!isIRI(?focus))",
        classes=ENTITY_CLASSES_GF,
    ),
    Check(
        "an alias must be a language-tagged string",
        "FILTER("
        + _some_value("skos:altLabel", "!isLiteral(?v) || datatype(?v) != rdf:langString")
        + ")",
        classes=ENTITY_CLASSES_GF,
    ),
    Check("a fact must come from a source document", _from_a_document(), classes="gf:Fact"),
    Check("a fact needs the exact quote that supports it", _quote(), classes="gf:Fact"),
    Check(
        "a fact needs exactly one subject, predicate and object",
        "VALUES ?p { rdf:subject rdf:predicate rdf:object } " + _exactly_one("?p", "!isIRI(?v)"),
        classes="gf:Fact",
    ),
    Check(
        "inferred must be true or false",
        _at_most_one(
            "gf:inferred",
            _typed_literal("xsd:boolean") + ' || !(STR(?v) IN ("true", "false", "1", "0"))',
        ),
        classes="gf:Fact",
    ),
    Check(
        "amount and cap must be one decimal number",
        "VALUES ?p { gf:amount gf:cap } "
        + _at_most_one("?p", _typed_literal("xsd:decimal", _DECIMAL)),
        classes="gf:Fact",
    ),
    Check(
        "share must be one decimal number between 0 and 1",
        _at_most_one(
            "gf:share",
            _typed_literal("xsd:decimal", _DECIMAL)
            + " || xsd:decimal(STR(?v)) < 0 || xsd:decimal(STR(?v)) > 1",
        ),
        classes="gf:Fact",
    ),
    Check(
        "an observation measures exactly one indicator",
        f"FILTER({_none('gf:measures')} || {_two('gf:measures')} || "
        f"EXISTS {{ ?focus gf:measures ?i FILTER {_not_typed('?i', 'gf:Indicator')} }})",
        classes="gf:Observation",
    ),
    Check(
        "an observation needs exactly one scope (an IRI)",
        _exactly_one("gf:scope", "!isIRI(?v)"),
        classes="gf:Observation",
    ),
    Check(
        "an observation needs exactly one whole-number year from 1949 to 2100",
        _exactly_one(
            "gf:year",
            _typed_literal("xsd:integer", _INTEGER)
            + " || xsd:integer(STR(?v)) < 1949 || xsd:integer(STR(?v)) > 2100",
        ),
        classes="gf:Observation",
    ),
    Check(
        "an observation needs exactly one decimal value",
        _exactly_one("gf:value", _typed_literal("xsd:decimal", _DECIMAL)),
        classes="gf:Observation",
    ),
    Check(
        "an observation needs exactly one kind: target or reported",
        _exactly_one("gf:valueKind", _one_of(("target", "reported"))),
        classes="gf:Observation",
    ),
    Check(
        "a comparator must be one of > >= ~ = < <=",
        _at_most_one("gf:comparator", _one_of((">", ">=", "~", "=", "<", "<="))),
        classes="gf:Observation",
    ),
    Check(
        "an observation must come from a source document",
        _from_a_document(),
        classes="gf:Observation",
    ),
    Check("an observation needs the exact quote it reports", _quote(), classes="gf:Observation"),
)


def _link(p: str) -> str:
    return f"GRAPH $G {{ ?focus {p} ?o }}"


LINK_CHECKS: tuple[Check, ...] = (
    Check(
        "only a government body can be a responsible unit (responsibleFor)",
        f"FILTER {_not_typed('?focus', 'gf:GovernmentBody')}",
        link=_link("gf:responsibleFor"),
    ),
    Check(
        "responsibleFor must point to a policy task",
        f"FILTER {_not_typed('?o', 'gf:PolicyTask')}",
        link=_link("gf:responsibleFor"),
    ),
    Check(
        "hasTask must point to a policy task",
        f"FILTER {_not_typed('?o', 'gf:PolicyTask')}",
        link=_link("gf:hasTask"),
    ),
    Check(
        "only a policy or a task group can have tasks",
        "FILTER NOT EXISTS { ?focus a ?c VALUES ?c { gf:Policy gf:PolicyTask } }",
        link=_link("gf:hasTask"),
    ),
    Check(
        "only a policy is issued (issuedBy)",
        f"FILTER {_not_typed('?focus', 'gf:Policy')}",
        link=_link("gf:issuedBy"),
    ),
    Check(
        "issuedBy must point to a government body or organisation",
        f"FILTER {_not_typed('?o', _AGENT, subclasses=True)}",
        link=_link("gf:issuedBy"),
    ),
    Check(
        "selectedAs must point to a designation (tier, title or list)",
        f"FILTER {_not_typed('?o', 'gf:Designation')}",
        link=_link("gf:selectedAs"),
    ),
    Check(
        "setsTarget must point to an indicator",
        f"FILTER {_not_typed('?o', 'gf:Indicator')}",
        link=_link("gf:setsTarget"),
    ),
    Check(
        "only a person holds a post",
        f"FILTER {_not_typed('?focus', 'gf:Person')}",
        link=_link("gf:holdsPost"),
    ),
    Check(
        "holdsPost must point to a body, enterprise or organisation",
        f"FILTER {_not_typed('?o', _AGENT, subclasses=True)}",
        link=_link("gf:holdsPost"),
    ),
    Check(
        "locatedIn must point to a region or a park",
        "FILTER NOT EXISTS { ?o a ?c VALUES ?c { gf:Region gf:Park } }",
        link=_link("gf:locatedIn"),
    ),
    Check(
        "operatedBy must point to an enterprise, organisation or body",
        f"FILTER {_not_typed('?o', _AGENT, subclasses=True)}",
        link=_link("gf:operatedBy"),
    ),
    Check(
        "only an event is organised (organizedBy)",
        f"FILTER {_not_typed('?focus', 'gf:Event')}",
        link=_link("gf:organizedBy"),
    ),
    Check(
        "participatesIn must point to an event",
        f"FILTER {_not_typed('?o', 'gf:Event')}",
        link=_link("gf:participatesIn"),
    ),
    Check(
        "serves/empowers must start at a platform, actor, infrastructure, park or policy",
        f"VALUES ?p {{ gf:serves gf:empowers }} FILTER NOT EXISTS {{ ?focus a ?c VALUES ?c {{ {_SERVING} }} }}",
        link="GRAPH $G { ?focus ?p ?o }",
    ),
)

ONTOLOGY_TERMS = "a load may not describe the ontology's own terms (gf:…)"
HIERARCHY = "a load may not extend the class or property hierarchy"

LOAD_RULES: tuple[Check, ...] = (
    Check(
        ONTOLOGY_TERMS,
        f'FILTER(STRSTARTS(STR(?focus), "{ONTOLOGY_PREFIX}"))',
        link="GRAPH $G { ?focus ?p ?o }",
    ),
    Check(
        HIERARCHY,
        "VALUES ?p { rdfs:subClassOf rdfs:subPropertyOf owl:equivalentClass owl:equivalentProperty }",
        link="GRAPH $G { ?focus ?p ?o }",
    ),
)

CHECKS: tuple[Check, ...] = (*NODE_CHECKS_LIST, *LINK_CHECKS, *LOAD_RULES)

_BATCH = 500


def _graphs_besides(store: ox.Store, graph: ox.NamedNode) -> list[str]:
    return [str(g) for g in store.named_graphs() if g != graph]


def _count_to(store: ox.Store, pattern: str, limit: int) -> int:
    """How many solutions ``pattern`` has, counted up to ``limit``."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {pattern} }} LIMIT {limit} }}"
    row = next(iter(store.query(_P + query)))
    return int(row["n"].value)


_FEW = 50_000


def touched_elsewhere(store: ox.Store, graph: ox.NamedNode) -> list[str]:
    """Subjects of ``graph`` with node-shape statements both there and in another graph.

    These are the nodes whose shapes a load can break without typing them (a label on a
    curated entity) or past what its own file shows (an entity the file types and labels
    once, the seed once more). The join starts from the smaller side.
    """
    others = _graphs_besides(store, graph)
    if not others:
        return []
    g, values = str(graph), " ".join(others)
    in_load = f"VALUES ?p {{ {NODE_PREDICATES} }} GRAPH {g} {{ ?focus ?p ?x }}"
    elsewhere = (
        f"VALUES ?g {{ {values} }} VALUES ?q {{ {NODE_PREDICATES} }} GRAPH ?g {{ ?focus ?q ?y }}"
    )
    # the smaller side found by counting both only as far as it matters: a big load beside a
    # small store and a small load beside a big store both stay cheap
    cap = 1_000
    while True:
        n_load, n_else = _count_to(store, in_load, cap), _count_to(store, elsewhere, cap)
        if not n_load or not n_else:
            return []
        if n_load < cap or n_else < cap or cap >= _FEW:
            break
        cap *= 8
    if n_else < n_load:
        first, then = elsewhere, in_load
    else:
        first, then = in_load, elsewhere
    query = (
        f"SELECT ?focus WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {first} FILTER(isIRI(?focus)) }} }} "
        f"FILTER EXISTS {{ {then} }} }}"
    )
    return [row["focus"].value for row in store.query(_P + query)]


def _values(nodes: list[str]) -> Iterable[str]:
    for start in range(0, len(nodes), _BATCH):
        yield "VALUES ?focus { " + " ".join(f"<{n}>" for n in nodes[start : start + _BATCH]) + " }"


def _patterns(
    check: Check, graph: str, candidates: list[str] | None, shared: list[str]
) -> Iterable[str]:
    """The query bodies that together find every violation of ``check``."""
    if check.link:
        scope = check.link.replace("$G", graph)
        if candidates is None:
            yield f"{scope} {check.violation}"
        else:
            for values in _values(candidates):
                yield f"{values} {scope} {check.violation}"
        return
    classes = f"VALUES ?c {{ {check.classes} }}"
    if candidates is None:
        yield f"GRAPH {graph} {{ ?focus a ?c }} {classes} {check.violation}"
        nodes = shared
    else:
        nodes = sorted(set(candidates) | set(shared))
    for values in _values(nodes):
        yield f"{values} ?focus a ?c {classes} {check.violation}"


def run_checks(
    store: ox.Store,
    graph: ox.NamedNode,
    *,
    limit: int = 20,
    only: Iterable[str] | None = None,
    focus: dict[str, set[str]] | None = None,
) -> list[tuple[str, str]]:
    """Violations at the nodes and links of ``graph``: (focus IRI, message), at most
    ``limit`` per check.

    Args:
        only: run just the checks with these messages.
        focus: for some checks (by message), the only nodes of the load's own statements
            that can break them (from ``ontology/stream_checks.py``); those checks look at
            these nodes and at the nodes the load shares with other graphs alone.
    """
    wanted = set(only) if only is not None else None
    shared = touched_elsewhere(store, graph)
    found: list[tuple[str, str]] = []
    for check in CHECKS:
        if wanted is not None and check.message not in wanted:
            continue
        candidates = None
        if focus is not None and check.message in focus:
            candidates = sorted(focus[check.message])
        hits: list[tuple[str, str]] = []
        seen: set[str] = set()
        for pattern in _patterns(check, f"<{graph.value}>", candidates, shared):
            query = _P + f"SELECT DISTINCT ?focus WHERE {{ {pattern} }} LIMIT {limit - len(hits)}"
            for row in store.query(query, use_default_graph_as_union=True):
                node = row["focus"]
                name = str(node) if isinstance(node, ox.BlankNode) else node.value
                if name not in seen:
                    seen.add(name)
                    hits.append((name, check.message))
            if len(hits) >= limit:
                break
        found.extend(hits)
    return found
