"""The documented HTTP API beside TAXII: governance, audit, hub facts (OpenAPI at /openapi.json)."""
