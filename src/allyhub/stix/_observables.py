"""The STIX Cyber-observable Objects (§6) and their predefined extensions as tables.

SCO values with a defined format (addresses, domain names, URLs) are checked against
that format; stix2 takes any string there, so these are listed in
docs/stix-validation.md.
"""

from __future__ import annotations

from allyhub.stix._common import (
    STRINGS,
    extension,
    sco,
)
from allyhub.stix._formats import (
    is_cpe23,
    is_domain_name,
    is_email_address,
    is_ipv4_cidr,
    is_ipv6_cidr,
    is_mac_address,
    is_url,
)
from allyhub.stix._properties import (
    BINARY,
    BOOLEAN,
    HEX,
    INTEGER,
    LANGUAGE_TAG,
    NON_NEGATIVE,
    OPEN_VOCAB,
    STRING,
    TIMESTAMP,
    JSONObject,
    Kind,
    Report,
    Structure,
    at,
    at_least_one,
    dictionary,
    enum,
    exactly_one,
    formatted,
    hashes,
    identifier,
    integer,
    list_of,
    number,
    ordered,
    requires,
    spec,
)
from allyhub.stix._vocabularies import (
    ENCRYPTION_ALGORITHM,
    NETWORK_SOCKET_ADDRESS_FAMILY,
    NETWORK_SOCKET_TYPE,
    WINDOWS_INTEGRITY_LEVEL,
    WINDOWS_REGISTRY_DATATYPE,
    WINDOWS_SERVICE_START_TYPE,
    WINDOWS_SERVICE_STATUS,
    WINDOWS_SERVICE_TYPE,
)

# ---------------------------------------------------------------------------------------
# STIX Cyber-observable Objects (§6)


def _int_or_string(section: str) -> Kind:
    rule = f"must be an integer or a string ({spec(section)})"
    return Kind(leaf=lambda v: None if type(v) is str or type(v) is int else rule)


def _email_parts(obj: JSONObject, path: str, report: Report) -> None:
    multipart = obj.get("is_multipart")
    if multipart is True and "body" in obj:
        report.append(
            (at(path, "body"), f"must not be present when is_multipart is true ({spec('6.6.1')})")
        )
    if multipart is False and "body_multipart" in obj:
        report.append(
            (
                at(path, "body_multipart"),
                f"must not be present when is_multipart is false ({spec('6.6.1')})",
            )
        )


def _traffic_ongoing(obj: JSONObject, path: str, report: Report) -> None:
    if obj.get("is_active") is True and "end" in obj:
        report.append(
            (at(path, "end"), f"must not be present while is_active is true ({spec('6.12.1')})")
        )


_ABBREVIATED_HIVES = frozenset({"HKLM", "HKCU", "HKCR", "HKU", "HKCC", "HKPD"})


def _full_hive(value: str) -> bool:
    return value.split("\\", 1)[0].upper() not in _ABBREVIATED_HIVES


_ADDRESS = identifier(("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"), "6.12.1")
_ARTIFACT_6_12 = identifier(("artifact",), "6.12.1")
_FILE_OR_DIRECTORY = identifier(("file", "directory"), "6.7.2")

MIME_PART = Structure(
    "an email MIME part",
    "6.6.2",
    {
        "body": STRING,
        "body_raw_ref": identifier(("artifact", "file"), "6.6.2"),
        "content_type": STRING,
        "content_disposition": STRING,
    },
    constraints=(at_least_one(("body", "body_raw_ref"), "An email MIME part", "6.6.2"),),
)
ALTERNATE_DATA_STREAM = Structure(
    "an alternate data stream",
    "6.7.3",
    {"name": STRING, "hashes": hashes(), "size": NON_NEGATIVE},
    required=("name",),
)
_PE_OPTIONAL_HEADER_PROPERTIES = {
    "magic_hex": HEX,
    "major_linker_version": INTEGER,
    "minor_linker_version": INTEGER,
    "size_of_code": NON_NEGATIVE,
    "size_of_initialized_data": NON_NEGATIVE,
    "size_of_uninitialized_data": NON_NEGATIVE,
    "address_of_entry_point": INTEGER,
    "base_of_code": INTEGER,
    "base_of_data": INTEGER,
    "image_base": INTEGER,
    "section_alignment": INTEGER,
    "file_alignment": INTEGER,
    "major_os_version": INTEGER,
    "minor_os_version": INTEGER,
    "major_image_version": INTEGER,
    "minor_image_version": INTEGER,
    "major_subsystem_version": INTEGER,
    "minor_subsystem_version": INTEGER,
    "win32_version_value_hex": HEX,
    "size_of_image": NON_NEGATIVE,
    "size_of_headers": NON_NEGATIVE,
    "checksum_hex": HEX,
    "subsystem_hex": HEX,
    "dll_characteristics_hex": HEX,
    "size_of_stack_reserve": NON_NEGATIVE,
    "size_of_stack_commit": NON_NEGATIVE,
    "size_of_heap_reserve": NON_NEGATIVE,
    "size_of_heap_commit": NON_NEGATIVE,
    "loader_flags_hex": HEX,
    "number_of_rva_and_sizes": INTEGER,
    "hashes": hashes(),
}
PE_OPTIONAL_HEADER = Structure(
    "a Windows PE optional header",
    "6.7.6",
    _PE_OPTIONAL_HEADER_PROPERTIES,
    constraints=(
        at_least_one(tuple(_PE_OPTIONAL_HEADER_PROPERTIES), "A PE optional header", "6.7.6"),
    ),
)
PE_SECTION = Structure(
    "a Windows PE section",
    "6.7.6",
    {"name": STRING, "size": NON_NEGATIVE, "entropy": number(section="6.7.6"), "hashes": hashes()},
    required=("name",),
)
_PE_BINARY_PROPERTIES = {
    "pe_type": OPEN_VOCAB,
    "imphash": STRING,
    "machine_hex": HEX,
    "number_of_sections": NON_NEGATIVE,
    "time_date_stamp": TIMESTAMP,
    "pointer_to_symbol_table_hex": HEX,
    "number_of_symbols": NON_NEGATIVE,
    "size_of_optional_header": NON_NEGATIVE,
    "characteristics_hex": HEX,
    "file_header_hashes": hashes(),
    "optional_header": PE_OPTIONAL_HEADER.kind,
    "sections": list_of(PE_SECTION.kind),
}
_NTFS_PROPERTIES = {"sid": STRING, "alternate_data_streams": list_of(ALTERNATE_DATA_STREAM.kind)}
_PDF_PROPERTIES = {
    "version": STRING,
    "is_optimized": BOOLEAN,
    "document_info_dict": dictionary(STRING, "6.7.4"),
    "pdfid0": STRING,
    "pdfid1": STRING,
}
_RASTER_PROPERTIES = {
    "image_height": INTEGER,
    "image_width": INTEGER,
    "bits_per_pixel": INTEGER,
    "exif_tags": dictionary(_int_or_string("6.7.5"), "6.7.5"),
}
FILE_EXTENSIONS = {
    "archive-ext": extension(
        "archive-ext",
        "file",
        "6.7.2",
        {"contains_refs": list_of(_FILE_OR_DIRECTORY), "comment": STRING},
        required=("contains_refs",),
    ),
    "ntfs-ext": extension(
        "ntfs-ext", "file", "6.7.3", _NTFS_PROPERTIES, at_least=tuple(_NTFS_PROPERTIES)
    ),
    "pdf-ext": extension(
        "pdf-ext", "file", "6.7.4", _PDF_PROPERTIES, at_least=tuple(_PDF_PROPERTIES)
    ),
    "raster-image-ext": extension(
        "raster-image-ext", "file", "6.7.5", _RASTER_PROPERTIES, at_least=tuple(_RASTER_PROPERTIES)
    ),
    "windows-pebinary-ext": extension(
        "windows-pebinary-ext",
        "file",
        "6.7.6",
        _PE_BINARY_PROPERTIES,
        required=("pe_type",),
        at_least=tuple(name for name in _PE_BINARY_PROPERTIES if name != "pe_type"),
    ),
}
_TCP_PROPERTIES = {"src_flags_hex": HEX, "dst_flags_hex": HEX}
NETWORK_TRAFFIC_EXTENSIONS = {
    "http-request-ext": extension(
        "http-request-ext",
        "network-traffic",
        "6.12.2",
        {
            "request_method": STRING,
            "request_value": STRING,
            "request_version": STRING,
            "request_header": dictionary(list_of(STRING), "6.12.2"),
            "message_body_length": NON_NEGATIVE,
            "message_body_data_ref": identifier(("artifact",), "6.12.2"),
        },
        required=("request_method", "request_value"),
    ),
    "icmp-ext": extension(
        "icmp-ext",
        "network-traffic",
        "6.12.3",
        {"icmp_type_hex": HEX, "icmp_code_hex": HEX},
        required=("icmp_type_hex", "icmp_code_hex"),
    ),
    "socket-ext": extension(
        "socket-ext",
        "network-traffic",
        "6.12.4",
        {
            "address_family": enum(
                NETWORK_SOCKET_ADDRESS_FAMILY, "network-socket-address-family-enum", "10.16"
            ),
            "is_blocking": BOOLEAN,
            "is_listening": BOOLEAN,
            "options": dictionary(integer(section="6.12.4"), "6.12.4"),
            "socket_type": enum(NETWORK_SOCKET_TYPE, "network-socket-type-enum", "10.17"),
            "socket_descriptor": NON_NEGATIVE,
            "socket_handle": INTEGER,
        },
        required=("address_family",),
    ),
    "tcp-ext": extension(
        "tcp-ext", "network-traffic", "6.12.5", _TCP_PROPERTIES, at_least=tuple(_TCP_PROPERTIES)
    ),
}
_WINDOWS_PROCESS_PROPERTIES = {
    "aslr_enabled": BOOLEAN,
    "dep_enabled": BOOLEAN,
    "priority": STRING,
    "owner_sid": STRING,
    # The 2.1 Standard, its JSON schema and stix2 say window_title; Errata 01 windows_title.
    "window_title": STRING,
    "windows_title": STRING,
    "startup_info": dictionary(section="6.13.2"),
    "integrity_level": enum(WINDOWS_INTEGRITY_LEVEL, "windows-integrity-level-enum", "10.27"),
}
_WINDOWS_SERVICE_PROPERTIES = {
    "service_name": STRING,
    "descriptions": STRINGS,
    "display_name": STRING,
    "group_name": STRING,
    "start_type": enum(WINDOWS_SERVICE_START_TYPE, "windows-service-start-type-enum", "10.30"),
    "service_dll_refs": list_of(identifier(("file",), "6.13.3")),
    "service_type": enum(WINDOWS_SERVICE_TYPE, "windows-service-type-enum", "10.31"),
    "service_status": enum(WINDOWS_SERVICE_STATUS, "windows-service-status-enum", "10.32"),
}
PROCESS_EXTENSIONS = {
    "windows-process-ext": extension(
        "windows-process-ext",
        "process",
        "6.13.2",
        _WINDOWS_PROCESS_PROPERTIES,
        at_least=tuple(_WINDOWS_PROCESS_PROPERTIES),
    ),
    "windows-service-ext": extension(
        "windows-service-ext",
        "process",
        "6.13.3",
        _WINDOWS_SERVICE_PROPERTIES,
        at_least=tuple(_WINDOWS_SERVICE_PROPERTIES),
    ),
}
_UNIX_ACCOUNT_PROPERTIES = {"gid": INTEGER, "groups": STRINGS, "home_dir": STRING, "shell": STRING}
USER_ACCOUNT_EXTENSIONS = {
    "unix-account-ext": extension(
        "unix-account-ext",
        "user-account",
        "6.16.2",
        _UNIX_ACCOUNT_PROPERTIES,
        at_least=tuple(_UNIX_ACCOUNT_PROPERTIES),
    )
}
REGISTRY_VALUE = Structure(
    "a Windows registry value",
    "6.17.2",
    {
        "name": STRING,
        "data": STRING,
        "data_type": enum(WINDOWS_REGISTRY_DATATYPE, "windows-registry-datatype-enum", "10.29"),
    },
    constraints=(
        at_least_one(("name", "data", "data_type"), "A Windows registry value", "6.17.2"),
    ),
)
_X509_V3_PROPERTIES = {
    "basic_constraints": STRING,
    "name_constraints": STRING,
    "policy_constraints": STRING,
    "key_usage": STRING,
    "extended_key_usage": STRING,
    "subject_key_identifier": STRING,
    "authority_key_identifier": STRING,
    "subject_alternative_name": STRING,
    "issuer_alternative_name": STRING,
    "subject_directory_attributes": STRING,
    "crl_distribution_points": STRING,
    "inhibit_any_policy": STRING,
    "private_key_usage_period_not_before": TIMESTAMP,
    "private_key_usage_period_not_after": TIMESTAMP,
    "certificate_policies": STRING,
    "policy_mappings": STRING,
}
X509_V3_EXTENSIONS = Structure(
    "X.509 v3 extensions",
    "6.18.2",
    _X509_V3_PROPERTIES,
    constraints=(at_least_one(tuple(_X509_V3_PROPERTIES), "X.509 v3 extensions", "6.18.2"),),
)
_PROCESS_PROPERTIES = {
    "is_hidden": BOOLEAN,
    "pid": INTEGER,
    "created_time": TIMESTAMP,
    "cwd": STRING,
    "command_line": STRING,
    "environment_variables": dictionary(STRING, "6.13.1"),
    "opened_connection_refs": list_of(identifier(("network-traffic",), "6.13.1")),
    "creator_user_ref": identifier(("user-account",), "6.13.1"),
    "image_ref": identifier(("file",), "6.13.1"),
    "parent_ref": identifier(("process",), "6.13.1"),
    "child_refs": list_of(identifier(("process",), "6.13.1")),
}
_USER_ACCOUNT_PROPERTIES = {
    "user_id": STRING,
    "credential": STRING,
    "account_login": STRING,
    "account_type": OPEN_VOCAB,
    "display_name": STRING,
    "is_service_account": BOOLEAN,
    "is_privileged": BOOLEAN,
    "can_escalate_privs": BOOLEAN,
    "is_disabled": BOOLEAN,
    "account_created": TIMESTAMP,
    "account_expires": TIMESTAMP,
    "credential_last_changed": TIMESTAMP,
    "account_first_login": TIMESTAMP,
    "account_last_login": TIMESTAMP,
}
_REGISTRY_KEY_PROPERTIES = {
    "key": formatted(
        _full_hive,
        "must name the hive in full, such as HKEY_LOCAL_MACHINE rather than HKLM "
        f"({spec('6.17.1')})",
    ),
    "values": list_of(REGISTRY_VALUE.kind),
    "modified_time": TIMESTAMP,
    "creator_user_ref": identifier(("user-account",), "6.17.1"),
    "number_of_subkeys": INTEGER,
}
_X509_PROPERTIES = {
    "is_self_signed": BOOLEAN,
    "hashes": hashes(),
    "version": STRING,
    "serial_number": STRING,
    "signature_algorithm": STRING,
    "issuer": STRING,
    "validity_not_before": TIMESTAMP,
    "validity_not_after": TIMESTAMP,
    "subject": STRING,
    "subject_public_key_algorithm": STRING,
    "subject_public_key_modulus": STRING,
    "subject_public_key_exponent": INTEGER,
    "x509_v3_extensions": X509_V3_EXTENSIONS.kind,
}

SCOS: dict[str, Structure] = {
    "artifact": sco(
        "artifact",
        "6.1",
        {
            "mime_type": STRING,
            "payload_bin": BINARY,
            "url": formatted(
                is_url, f"must be a URL with a scheme and no spaces ({spec('6.1.1')})"
            ),
            "hashes": hashes(),
            "encryption_algorithm": enum(ENCRYPTION_ALGORITHM, "encryption-algorithm-enum", "10.4"),
            "decryption_key": STRING,
        },
        constraints=(
            exactly_one(("payload_bin", "url"), "An artifact", "6.1"),
            requires("url", "hashes", "6.1.1"),
            requires("decryption_key", "encryption_algorithm", "6.1.1"),
        ),
    ),
    "autonomous-system": sco(
        "autonomous-system",
        "6.2",
        {"number": INTEGER, "name": STRING, "rir": STRING},
        required=("number",),
    ),
    "directory": sco(
        "directory",
        "6.3",
        {
            "path": STRING,
            "path_enc": STRING,
            "ctime": TIMESTAMP,
            "mtime": TIMESTAMP,
            "atime": TIMESTAMP,
            "contains_refs": list_of(identifier(("file", "directory"), "6.3.1")),
        },
        required=("path",),
        constraints=(requires("path_enc", "path", "3.1"),),
    ),
    "domain-name": sco(
        "domain-name",
        "6.4",
        {
            "value": formatted(
                is_domain_name,
                f"must be a domain name such as example.com (RFC 1034, RFC 5890; {spec('6.4.1')})",
            ),
            "resolves_to_refs": list_of(
                identifier(("ipv4-addr", "ipv6-addr", "domain-name"), "6.4.1")
            ),
        },
        required=("value",),
    ),
    "email-addr": sco(
        "email-addr",
        "6.5",
        {
            "value": formatted(
                is_email_address,
                "must be an addr-spec such as jane.smith@example.com, without a display name "
                f"({spec('6.5.1')})",
            ),
            "display_name": STRING,
            "belongs_to_ref": identifier(("user-account",), "6.5.1"),
        },
        required=("value",),
    ),
    "email-message": sco(
        "email-message",
        "6.6",
        {
            "is_multipart": BOOLEAN,
            "date": TIMESTAMP,
            "content_type": STRING,
            "from_ref": identifier(("email-addr",), "6.6.1"),
            "sender_ref": identifier(("email-addr",), "6.6.1"),
            "to_refs": list_of(identifier(("email-addr",), "6.6.1")),
            "cc_refs": list_of(identifier(("email-addr",), "6.6.1")),
            "bcc_refs": list_of(identifier(("email-addr",), "6.6.1")),
            "message_id": STRING,
            "subject": STRING,
            "received_lines": STRINGS,
            "additional_header_fields": dictionary(list_of(STRING), "6.6.1"),
            "body": STRING,
            "body_multipart": list_of(MIME_PART.kind),
            "raw_email_ref": identifier(("artifact",), "6.6.1"),
        },
        required=("is_multipart",),
        constraints=(_email_parts,),
    ),
    "file": sco(
        "file",
        "6.7",
        {
            "hashes": hashes(),
            "size": NON_NEGATIVE,
            "name": STRING,
            "name_enc": STRING,
            "magic_number_hex": HEX,
            "mime_type": STRING,
            "ctime": TIMESTAMP,
            "mtime": TIMESTAMP,
            "atime": TIMESTAMP,
            "parent_directory_ref": identifier(("directory",), "6.7.1"),
            "contains_refs": list_of(identifier(section="6.7.1", category="an SCO")),
            "content_ref": identifier(("artifact",), "6.7.1"),
        },
        constraints=(
            at_least_one(("hashes", "name"), "A file", "6.7"),
            requires("name_enc", "name", "3.1"),
        ),
        predefined_extensions=FILE_EXTENSIONS,
    ),
    "ipv4-addr": sco(
        "ipv4-addr",
        "6.8",
        {
            "value": formatted(
                is_ipv4_cidr,
                "must be an IPv4 address or CIDR block such as 198.51.100.3 or 10.2.4.5/24 "
                f"({spec('6.8.1')})",
            ),
            "resolves_to_refs": list_of(identifier(("mac-addr",), "6.8.1")),
            "belongs_to_refs": list_of(identifier(("autonomous-system",), "6.8.1")),
        },
        required=("value",),
    ),
    "ipv6-addr": sco(
        "ipv6-addr",
        "6.9",
        {
            "value": formatted(
                is_ipv6_cidr,
                "must be an IPv6 address or CIDR block such as 2001:db8::1 or 2001:db8::/32 "
                f"({spec('6.9.1')})",
            ),
            "resolves_to_refs": list_of(identifier(("mac-addr",), "6.9.1")),
            "belongs_to_refs": list_of(identifier(("autonomous-system",), "6.9.1")),
        },
        required=("value",),
    ),
    "mac-addr": sco(
        "mac-addr",
        "6.10",
        {
            "value": formatted(
                is_mac_address,
                "must be a lowercase, colon-delimited MAC-48 address with leading zeros, such as "
                f"00:00:ab:cd:ef:01 ({spec('6.10.1')})",
            )
        },
        required=("value",),
    ),
    "mutex": sco("mutex", "6.11", {"name": STRING}, required=("name",)),
    "network-traffic": sco(
        "network-traffic",
        "6.12",
        {
            "start": TIMESTAMP,
            "end": TIMESTAMP,
            "is_active": BOOLEAN,
            "src_ref": _ADDRESS,
            "dst_ref": _ADDRESS,
            "src_port": integer(0, 65535, "6.12.1"),
            "dst_port": integer(0, 65535, "6.12.1"),
            "protocols": STRINGS,
            "src_byte_count": NON_NEGATIVE,
            "dst_byte_count": NON_NEGATIVE,
            "src_packets": NON_NEGATIVE,
            "dst_packets": NON_NEGATIVE,
            "ipfix": dictionary(_int_or_string("6.12.1"), "6.12.1"),
            "src_payload_ref": _ARTIFACT_6_12,
            "dst_payload_ref": _ARTIFACT_6_12,
            "encapsulates_refs": list_of(identifier(("network-traffic",), "6.12.1")),
            "encapsulated_by_ref": identifier(("network-traffic",), "6.12.1"),
        },
        required=("protocols",),
        constraints=(
            at_least_one(("src_ref", "dst_ref"), "A network-traffic", "6.12"),
            ordered("start", "end", "6.12.1"),
            _traffic_ongoing,
        ),
        predefined_extensions=NETWORK_TRAFFIC_EXTENSIONS,
    ),
    "process": sco(
        "process",
        "6.13",
        _PROCESS_PROPERTIES,
        constraints=(at_least_one((*_PROCESS_PROPERTIES, "extensions"), "A process", "6.13"),),
        predefined_extensions=PROCESS_EXTENSIONS,
    ),
    "software": sco(
        "software",
        "6.14",
        {
            "name": STRING,
            "cpe": formatted(
                is_cpe23,
                "must be a CPE 2.3 formatted string such as "
                "cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:* "
                f"({spec('6.14.1')})",
            ),
            "swid": STRING,
            "languages": list_of(LANGUAGE_TAG),
            "vendor": STRING,
            "version": STRING,
        },
        required=("name",),
    ),
    "url": sco(
        "url",
        "6.15",
        {
            "value": formatted(
                is_url,
                "must be a URL with a scheme and no spaces, such as https://example.com/a "
                f"(RFC 3986; {spec('6.15.1')})",
            )
        },
        required=("value",),
    ),
    "user-account": sco(
        "user-account",
        "6.16",
        _USER_ACCOUNT_PROPERTIES,
        constraints=(
            at_least_one((*_USER_ACCOUNT_PROPERTIES, "extensions"), "A user-account", "6.16"),
        ),
        predefined_extensions=USER_ACCOUNT_EXTENSIONS,
    ),
    "windows-registry-key": sco(
        "windows-registry-key",
        "6.17",
        _REGISTRY_KEY_PROPERTIES,
        constraints=(
            at_least_one(tuple(_REGISTRY_KEY_PROPERTIES), "A windows-registry-key", "6.17"),
        ),
    ),
    "x509-certificate": sco(
        "x509-certificate",
        "6.18",
        _X509_PROPERTIES,
        constraints=(at_least_one(tuple(_X509_PROPERTIES), "An x509-certificate", "6.18"),),
    ),
}
