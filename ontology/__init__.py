"""The Gongfu Graph ontology: Turtle files, SHACL shapes and the code that reads them."""
