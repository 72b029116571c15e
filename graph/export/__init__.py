"""Exports: the whole graph or a subgraph, as RDF, property-graph formats and briefings."""
