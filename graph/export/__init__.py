"""Exports: the whole graph or a subgraph, as RDF, property-graph formats and briefings.

``select.select_subgraph`` says what to export (focus, question, path); ``write`` turns
that selection into any of the formats in ``write.FORMATS``, one small module each.
"""
