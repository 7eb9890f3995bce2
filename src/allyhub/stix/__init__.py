"""STIX 2.1 as a pure library: parsing, validation, patterns, markings, timestamps.

No I/O here. Other layers import from this package's public names only.
"""
