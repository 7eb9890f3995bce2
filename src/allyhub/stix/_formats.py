"""The textual formats STIX 2.1 gives its values: identifiers, names, hashes, addresses.

Each check is a precompiled regular expression or a few comparisons, because validation
runs them on every property of every object that a member shares; the fast path must
stay cheap. The rules come from the STIX 2.1 text, sections cited beside each.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
"""An RFC 4122 UUID in its hyphenated form (the variant bits are 10, §2.9)."""

# A type name: lowercase ASCII letters, digits and hyphens, starting with a letter, no
# "--" (which separates the type from the UUID in an identifier), 3 to 250 long (§3.1,
# §11.2.1, §7.3.2).
_TYPE_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?\Z", re.ASCII)
# An identifier of any type, whose type part is a valid type name (no "--" inside, so it
# ends where the first "--" starts, §2.9), 3 to 250 characters long.
_ANY_IDENTIFIER = re.compile(
    rf"(?=[a-z0-9-]{{3,250}}--)([a-z][a-z0-9]*(?:-[a-z0-9]+)*-?)--{UUID}\Z", re.ASCII
)
_IDENTIFIER_SHAPE = re.compile(r"([^-]*(?:-[^-]+)*)--(.*)\Z", re.DOTALL)
_UUID_ONLY = re.compile(rf"{UUID}\Z", re.ASCII)

_PROPERTY_NAME = re.compile(r"[a-z][a-z0-9_]{2,249}\Z", re.ASCII)
_DICTIONARY_KEY = re.compile(r"[a-zA-Z0-9_-]{1,250}\Z", re.ASCII)
_HASH_KEY = re.compile(r"[a-zA-Z0-9_-]{3,250}\Z", re.ASCII)
_CUSTOM_EXTENSION_NAME = re.compile(r"[a-z0-9-]{3,250}\Z", re.ASCII)

_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*\Z", re.ASCII)
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z", re.ASCII)

# RFC 5646 language tags, well-formed (§3.2 lang, §7.1 contents, §6.14 languages).
_LANGUAGE_TAG = re.compile(
    r"(?:"
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
    r"|x(?:-[a-z0-9]{1,8})+"  # private use only
    r"|en-gb-oed|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)"
    r"|sgn-(?:be-fr|be-nl|ch-de)"  # the irregular grandfathered tags
    r")\Z",
    re.ASCII | re.IGNORECASE,
)

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_IPV4_CIDR = re.compile(rf"{_IPV4}(?:/(?:3[0-2]|[12]?[0-9]))?\Z", re.ASCII)
_IPV6_PREFIX = re.compile(r"(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])\Z", re.ASCII)
_MAC = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}\Z", re.ASCII)
_DOMAIN_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\Z", re.ASCII)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]*\Z")
_EMAIL = re.compile(r"[^@\s<>\x00-\x1f]+@[^@\s<>\x00-\x1f]+\Z")
_CPE23 = re.compile(r"cpe:2\.3:[aho*-](?::(?:[^:\\]|\\.)*){10}\Z", re.DOTALL)

HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH")
"""hash-algorithm-ov (§10.7); external references must use exactly these names (§2.5)."""

# The value format of each hash algorithm that a dictionary key can name. The key is
# compared with hyphens removed and in upper case, so "sha256" names SHA-256 too (the
# value "MUST be in the appropriate format defined by the hash type indicated in the
# dictionary key", §2.7). Beyond §10.7 the same algorithms that stix2 knows are checked.
_HEX_DIGEST = {
    "MD5": 32,
    "SHA1": 40,
    "SHA256": 64,
    "SHA512": 128,
    "SHA3256": 64,
    "SHA3512": 128,
    "TLSH": 70,
    "RIPEMD160": 40,
    "SHA224": 56,
    "SHA384": 96,
    "SHA3224": 56,
    "SHA3384": 96,
    "WHIRLPOOL": 128,
}
_HEX_DIGEST_FORMATS = {
    name: re.compile(rf"[0-9a-fA-F]{{{length}}}\Z", re.ASCII)
    for name, length in _HEX_DIGEST.items()
}
_MD6 = re.compile(
    r"(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}"
    r"|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})\Z",
    re.ASCII,
)
_SSDEEP = re.compile(r"[a-zA-Z0-9/+:.]{1,128}\Z", re.ASCII)
_HASH_DISPLAY = {
    "MD5": "MD5",
    "SHA1": "SHA-1",
    "SHA256": "SHA-256",
    "SHA512": "SHA-512",
    "SHA3256": "SHA3-256",
    "SHA3512": "SHA3-512",
    "SSDEEP": "SSDEEP",
    "TLSH": "TLSH",
    "MD6": "MD6",
}


def is_type_name(value: str) -> bool:
    """A valid object type name (§3.1, §11.2.1): `x-acme-widget`, not `X_Widget` or `a--b`."""
    return 3 <= len(value) <= 250 and _TYPE_NAME.match(value) is not None


def is_property_name(value: str) -> bool:
    """A valid custom or extension property name (§3.1, §7.3.2, §11.1.1): `x_acme_score`."""
    return _PROPERTY_NAME.match(value) is not None


def is_custom_extension_name(value: str) -> bool:
    """A deprecated custom SCO extension name (§11.3.1): `x-acme-ext`."""
    return value.endswith("-ext") and _CUSTOM_EXTENSION_NAME.match(value) is not None


def identifier_pattern(types: frozenset[str]) -> re.Pattern[str]:
    """A compiled matcher of identifiers of exactly these types."""
    alternatives = "|".join(re.escape(t) for t in sorted(types))
    return re.compile(rf"(?:{alternatives})--{UUID}\Z", re.ASCII)


def identifier_type(value: str) -> str | None:
    """The type part of a well-formed identifier, or None when it is not one (§2.9)."""
    match = _ANY_IDENTIFIER.match(value)
    return None if match is None else match.group(1)


def describe_bad_identifier(value: str) -> str:
    """Say what is wrong with a string that is not a `<type>--<UUID>` identifier."""
    match = _IDENTIFIER_SHAPE.match(value)
    if match is None:
        return f"{value[:80]!r} has no '--' between the object type and the UUID"
    prefix, uuid = match.groups()
    if not is_type_name(prefix):
        return f"{prefix[:80]!r} is not a valid object type name"
    if _UUID_ONLY.match(uuid) is None:
        return f"{uuid[:80]!r} is not an RFC 4122 UUID such as 6ba7b810-9dad-41d1-80b4-00c04fd430c8"
    return f"{value[:80]!r} is not well formed"


def is_dictionary_key(value: str) -> bool:
    """A dictionary key (§2.3): ASCII letters, digits, hyphen, underscore; at most 250."""
    return _DICTIONARY_KEY.match(value) is not None


def is_hash_key(value: str) -> bool:
    """A hashes key (§2.7): like a dictionary key but at least 3 characters long."""
    return _HASH_KEY.match(value) is not None


def is_hex(value: str) -> bool:
    """An even number of hexadecimal digits (§2.8)."""
    return _HEX.match(value) is not None


def is_base64(value: str) -> bool:
    """Padded base64 of RFC 4648 (§2.1)."""
    return _BASE64.match(value) is not None


def is_language_tag(value: str) -> bool:
    """A well-formed RFC 5646 language tag such as `en`, `zh-Hant-TW` or `fa-IR`."""
    return _LANGUAGE_TAG.match(value) is not None


def hash_problem(key: str, value: object) -> str | None:
    """Why `value` is not a hash of the algorithm that `key` names, or None if it is.

    Keys that name no known algorithm accept any string (hash-algorithm-ov is open).
    """
    if type(value) is not str:
        return "must be a string holding the hash value (STIX 2.1 §2.7)"
    name = key.replace("-", "").upper()
    digest = _HEX_DIGEST_FORMATS.get(name)
    if digest is not None:
        if digest.match(value) is not None:
            return None
        return (
            f"must be a hash of type {_HASH_DISPLAY.get(name, key)}: {_HEX_DIGEST[name]} "
            "hexadecimal digits (STIX 2.1 §10.7)"
        )
    if name == "SSDEEP":
        if _SSDEEP.match(value) is not None:
            return None
        return (
            "must be a hash of type SSDEEP, such as 3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C "
            "(STIX 2.1 §10.7)"
        )
    if name == "MD6":
        if _MD6.match(value) is not None:
            return None
        return "must be a hash of type MD6: 32 to 128 hexadecimal digits (STIX 2.1 §2.7)"
    return None


def is_ipv4_cidr(value: str) -> bool:
    """One IPv4 address or a CIDR block such as 10.2.4.5/24 (§6.8)."""
    return _IPV4_CIDR.match(value) is not None


def is_ipv6_cidr(value: str) -> bool:
    """One IPv6 address or a CIDR block such as 2001:db8::/32 (§6.9)."""
    address, slash, prefix = value.partition("/")
    if slash and _IPV6_PREFIX.match(prefix) is None:
        return False
    if "%" in address or not address.isascii():
        return False
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def is_mac_address(value: str) -> bool:
    """A lowercase, colon-delimited MAC-48 address with leading zeros (§6.10)."""
    return _MAC.match(value) is not None


def is_domain_name(value: str) -> bool:
    """A domain name of RFC 1034 whose labels may be internationalized (RFC 5890, §6.4).

    Underscores are allowed (service labels such as `_dmarc`), as is a leading `*.`.
    """
    name = value[:-1] if value.endswith(".") else value
    if not name or len(name) > 253:
        return False
    labels = name.split(".")
    if labels[0] == "*" and len(labels) > 1:
        labels = labels[1:]
    for label in labels:
        if label.isascii():
            if _DOMAIN_LABEL.match(label) is None:
                return False
        elif not _is_unicode_label(label):
            return False
    return True


def _is_unicode_label(label: str) -> bool:
    if len(label) > 63 or label.startswith("-") or label.endswith("-"):
        return False
    return all(ch.isalnum() or ch in "-_" or _is_combining(ch) for ch in label)


def _is_combining(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc")


def is_url(value: str) -> bool:
    """An absolute URL of RFC 3986 §1.1.3: a scheme, then no spaces or control characters."""
    return _URL.match(value) is not None


def is_email_address(value: str) -> bool:
    """An RFC 5322 addr-spec such as jane.smith@example.com, without a display name (§6.5)."""
    return _EMAIL.match(value) is not None


def is_cpe23(value: str) -> bool:
    """A CPE 2.3 formatted string: `cpe:2.3:` and eleven more fields (§6.14)."""
    return _CPE23.match(value) is not None
