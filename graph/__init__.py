"""The graph: store, ontology-driven projections, queries, traversal, search and export."""
