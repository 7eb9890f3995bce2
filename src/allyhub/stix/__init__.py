"""STIX 2.1 as a pure library: validation, patterns, markings, drafts.

Timestamps and JSON limits are top-level modules (`allyhub.timestamps`,
`allyhub.limits`): the TAXII client needs them without the validator.

No I/O here. Other layers import from this package's public names only; the modules
whose names start with an underscore are its private parts.
"""

from allyhub.stix._vocabularies import SCO_TYPES
from allyhub.stix.drafts import KINDS, OPINIONS, RESPONSES, SUBJECT_TYPES, Draft
from allyhub.stix.index import references
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
from allyhub.stix.validate import Problem, validate

__all__ = [
    "ALLYHUB_IDENTITY",
    "BooleanComparison",
    "CREDIBILITY",
    "Comparison",
    "ComparisonExpression",
    "Draft",
    "GRADED_TYPES",
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
    "comparisons",
    "grading",
    "parse_pattern",
    "references",
    "releasability_id",
    "releasability_marking",
    "releasable_to",
    "validate",
]
