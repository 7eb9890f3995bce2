"""The clients a hub opens to peers and feeds share one TLS context: making one reads the
whole CA bundle, and the sync loop opens two clients per peer every round."""

from __future__ import annotations

import ssl

from allyhub.client import ApiClient, TaxiiClient, tls_context
from allyhub.federation.misp import MispFeedFiles
from allyhub.limits import DEFAULT_LIMITS


def _context(http: object) -> ssl.SSLContext:
    return http._transport._pool._ssl_context  # type: ignore[attr-defined,no-any-return]


def test_every_client_of_the_process_uses_the_one_context() -> None:
    shared = tls_context()
    assert shared is tls_context()
    assert shared.verify_mode is ssl.CERT_REQUIRED and shared.check_hostname
    with TaxiiClient("https://peer.example", user="hub.damascus", key="k") as taxii:
        with ApiClient("https://peer.example", user="hub.damascus", key="k") as api:
            assert _context(taxii.http) is shared and _context(api.http) is shared
    misp = MispFeedFiles("https://feed.example/misp", None, DEFAULT_LIMITS)
    assert _context(misp._http) is shared
