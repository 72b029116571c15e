"""The ontology: labels in both languages, comments, and the namespace module in step."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Literal

from ontology.namespace import GF
from ontology.schema import load_schema


def test_every_class_and_property_has_zh_en_labels_and_comments() -> None:
    g = load_schema().graph
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in g.subjects(RDF.type, kind):
            for p in (RDFS.label, RDFS.comment):
                langs = {o.language for o in g.objects(s, p) if isinstance(o, Literal)}
                assert {"zh", "en"} <= langs, f"{s} lacks {p} in zh and en"


def test_namespace_module_matches_the_turtle_file() -> None:
    schema = load_schema()
    declared = set(schema.classes) | set(schema.object_properties) | set(schema.datatype_properties)
    declared -= {"wasDerivedFrom"}  # PROV's, not ours
    in_code = {name for name in GF.__annotations__}
    assert declared - {"traversable"} <= in_code
    missing = {
        n for n in in_code if n not in declared and n not in {"traversable", "PlatformTierScheme"}
    }
    assert not missing, f"namespace.py names terms the ontology lacks: {missing}"


def test_required_classes_and_relations_exist() -> None:
    schema = load_schema()
    for cls in (
        "Platform",
        "Enterprise",
        "Park",
        "Policy",
        "PolicyTask",
        "Indicator",
        "Observation",
        "GovernmentBody",
        "Region",
        "Person",
        "Infrastructure",
        "Event",
        "IndustrySector",
        "SourceDocument",
    ):
        assert cls in schema.classes
    for rel in (
        "serves",
        "empowers",
        "operatedBy",
        "cooperatesWith",
        "locatedIn",
        "partOf",
        "issuedBy",
        "hasTask",
        "responsibleFor",
        "measures",
        "setsTarget",
        "supports",
        "funds",
        "hosts",
        "selectedAs",
        "holdsPost",
        "memberOf",
    ):
        assert rel in schema.object_properties


def test_misspelt_term_fails_loudly() -> None:
    import pytest

    with pytest.raises(AttributeError):
        _ = GF.Platfrom
