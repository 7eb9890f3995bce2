"""STIX 2.1 as a pure library: validation, patterns, timestamps, markings, drafts, limits.

No I/O here. Other layers import from this package's public names only; the modules
whose names start with an underscore are its private parts.
"""

from allyhub.stix._vocabularies import SCO_TYPES
from allyhub.stix.drafts import KINDS, OPINIONS, RESPONSES, SUBJECT_TYPES, Draft
from allyhub.stix.index import references
from allyhub.stix.limits import JsonLimits, parse_json
from allyhub.stix.markings import (
    ALLYHUB_IDENTITY,
    CREDIBILITY,
    GRADED_TYPES,
    RELIABILITY,
    RFI_EXTENSION,
    TLP2_ID,
    TLP_MARKINGS,
    grading,
    releasability_id,
    releasability_marking,
    releasable_to,
)
from allyhub.stix.parse import DEFAULT_LIMITS
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
    parse_rfc3339,
    parse_timestamp,
)
from allyhub.stix.validate import Problem, validate

__all__ = [
    "ALLYHUB_IDENTITY",
    "BooleanComparison",
    "CREDIBILITY",
    "Comparison",
    "ComparisonExpression",
    "DEFAULT_LIMITS",
    "Draft",
    "GRADED_TYPES",
    "JsonLimits",
    "KINDS",
    "OPINIONS",
    "Observation",
    "ObservationExpression",
    "ObservationOperation",
    "Pattern",
    "PatternError",
    "Problem",
    "Qualified",
    "Qualifier",
    "RELIABILITY",
    "RESPONSES",
    "RFI_EXTENSION",
    "Repeats",
    "SCO_TYPES",
    "SUBJECT_TYPES",
    "StartStop",
    "TLP2_ID",
    "TLP_MARKINGS",
    "Within",
    "compare_timestamps",
    "comparisons",
    "format_timestamp",
    "grading",
    "is_timestamp",
    "now_micros",
    "parse_json",
    "parse_pattern",
    "parse_rfc3339",
    "parse_timestamp",
    "references",
    "releasability_id",
    "releasability_marking",
    "releasable_to",
    "validate",
]
