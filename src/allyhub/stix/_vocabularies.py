"""The closed lists of STIX 2.1: object types, enumerations and predefined markings.

Open vocabularies (§2.14) are not here: any string is a valid value of one. What is here
is what an implementation MUST NOT extend: the object types of §4 to §7, the
enumerations of §10, and the only TLP 1.0 marking definitions that may exist (§7.2.1.4).
"""

from __future__ import annotations

SDO_TYPES = frozenset(
    {
        "attack-pattern",
        "campaign",
        "course-of-action",
        "grouping",
        "identity",
        "incident",
        "indicator",
        "infrastructure",
        "intrusion-set",
        "location",
        "malware",
        "malware-analysis",
        "note",
        "observed-data",
        "opinion",
        "report",
        "threat-actor",
        "tool",
        "vulnerability",
    }
)
SRO_TYPES = frozenset({"relationship", "sighting"})
SCO_TYPES = frozenset(
    {
        "artifact",
        "autonomous-system",
        "directory",
        "domain-name",
        "email-addr",
        "email-message",
        "file",
        "ipv4-addr",
        "ipv6-addr",
        "mac-addr",
        "mutex",
        "network-traffic",
        "process",
        "software",
        "url",
        "user-account",
        "windows-registry-key",
        "x509-certificate",
    }
)
META_TYPES = frozenset({"language-content", "marking-definition", "extension-definition"})
NOT_OBJECT_TYPES = frozenset({"bundle"})
"""A bundle has a type and an id but is a container, not a STIX Object (§8)."""

ENCRYPTION_ALGORITHM = ("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated")
EXTENSION_TYPE = (
    "new-sdo",
    "new-sco",
    "new-sro",
    "property-extension",
    "toplevel-property-extension",
)
NETWORK_SOCKET_ADDRESS_FAMILY = (
    "AF_UNSPEC",
    "AF_INET",
    "AF_IPX",
    "AF_APPLETALK",
    "AF_NETBIOS",
    "AF_INET6",
    "AF_IRDA",
    "AF_BTH",
)
NETWORK_SOCKET_TYPE = ("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET")
OPINION = ("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree")
WINDOWS_INTEGRITY_LEVEL = ("low", "medium", "high", "system")
WINDOWS_REGISTRY_DATATYPE = (
    "REG_NONE",
    "REG_SZ",
    "REG_EXPAND_SZ",
    "REG_BINARY",
    "REG_DWORD",
    "REG_DWORD_BIG_ENDIAN",
    "REG_DWORD_LITTLE_ENDIAN",
    "REG_LINK",
    "REG_MULTI_SZ",
    "REG_RESOURCE_LIST",
    "REG_FULL_RESOURCE_DESCRIPTION",
    "REG_RESOURCE_REQUIREMENTS_LIST",
    "REG_QWORD",
    "REG_INVALID_TYPE",
)
WINDOWS_SERVICE_START_TYPE = (
    "SERVICE_AUTO_START",
    "SERVICE_BOOT_START",
    "SERVICE_DEMAND_START",
    "SERVICE_DISABLED",
    "SERVICE_SYSTEM_ALERT",
)
WINDOWS_SERVICE_TYPE = (
    "SERVICE_KERNEL_DRIVER",
    "SERVICE_FILE_SYSTEM_DRIVER",
    "SERVICE_WIN32_OWN_PROCESS",
    "SERVICE_WIN32_SHARE_PROCESS",
)
WINDOWS_SERVICE_STATUS = (
    "SERVICE_CONTINUE_PENDING",
    "SERVICE_PAUSE_PENDING",
    "SERVICE_PAUSED",
    "SERVICE_RUNNING",
    "SERVICE_START_PENDING",
    "SERVICE_STOP_PENDING",
    "SERVICE_STOPPED",
)

PREDEFINED_EXTENSIONS = {
    "archive-ext": ("file", "6.7.2"),
    "ntfs-ext": ("file", "6.7.3"),
    "pdf-ext": ("file", "6.7.4"),
    "raster-image-ext": ("file", "6.7.5"),
    "windows-pebinary-ext": ("file", "6.7.6"),
    "http-request-ext": ("network-traffic", "6.12.2"),
    "icmp-ext": ("network-traffic", "6.12.3"),
    "socket-ext": ("network-traffic", "6.12.4"),
    "tcp-ext": ("network-traffic", "6.12.5"),
    "windows-process-ext": ("process", "6.13.2"),
    "windows-service-ext": ("process", "6.13.3"),
    "unix-account-ext": ("user-account", "6.16.2"),
}
"""The predefined extensions (§3.10): name -> (the type it extends, its section)."""

RESERVED_PROPERTY_NAMES = frozenset({"severity", "username", "phone_number", "action"})
"""Names no STIX 2.1 content may use (§3.8), including the RESERVED `action` of §4.3."""

TLP1_MARKINGS = {
    "white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}
TLP1_CREATED = "2017-01-20T00:00:00.000Z"

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
"""The OASIS extension definition through which TLP 2.0 marking definitions are made."""
TLP2_MARKINGS = {
    "clear": ("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR"),
    "green": ("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN"),
    "amber": ("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER"),
    "amber+strict": (
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "TLP:AMBER+STRICT",
    ),
    "red": ("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED"),
}
