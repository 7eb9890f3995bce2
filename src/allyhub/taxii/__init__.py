"""TAXII 2.1 over HTTP: a thin edge that turns requests into service calls."""
