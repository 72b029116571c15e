"""Every way data gets into the store: curated YAML, tables, RDF files, Neo4j."""
