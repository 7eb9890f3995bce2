"""STIX 2.1 as a pure library: validation, patterns, timestamps.

No I/O here. Other layers import from this package's public names only; the modules
whose names start with an underscore are its private parts.
"""

from allyhub.stix.patterns import (
    BooleanComparison,
    Comparison,
    ComparisonExpression,
    Observation,
    ObservationExpression,
    ObservationOperation,
    Pattern,
    PatternError,
    Qualified,
    Qualifier,
    Repeats,
    StartStop,
    Within,
    comparisons,
    parse_pattern,
)
from allyhub.stix.timestamps import (
    compare_timestamps,
    format_timestamp,
    is_timestamp,
    now_micros,
    parse_timestamp,
)
from allyhub.stix.validate import Problem, validate

__all__ = [
    "BooleanComparison",
    "Comparison",
    "ComparisonExpression",
    "Observation",
    "ObservationExpression",
    "ObservationOperation",
    "Pattern",
    "PatternError",
    "Problem",
    "Qualified",
    "Qualifier",
    "Repeats",
    "StartStop",
    "Within",
    "compare_timestamps",
    "comparisons",
    "format_timestamp",
    "is_timestamp",
    "now_micros",
    "parse_pattern",
    "parse_timestamp",
    "validate",
]
