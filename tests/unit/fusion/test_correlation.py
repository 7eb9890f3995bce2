"""Correlation keys of IP addresses: the plain-IPv4 path gives what `ipaddress` gives."""

from __future__ import annotations

import ipaddress

from hypothesis import example, given, settings
from hypothesis import strategies as st

from allyhub.fusion.correlation import Value, _ip

octet = st.one_of(
    st.integers(0, 255).map(str),
    st.integers(0, 999).map(str),
    st.integers(0, 255).map(lambda n: f"0{n}"),  # a leading zero: ipaddress refuses it
    st.sampled_from(["", "٣", "1e1", "-1", " 1"]),
)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    parts = draw(st.lists(octet, min_size=3, max_size=5))
    text = ".".join(parts)
    text += draw(st.sampled_from(["", "", "/32", "/24", "/33", " ", "\n"]))
    return draw(st.sampled_from(["", " "])) + text


def _reference(text: str) -> Value | None:
    """The general path: `ipaddress` for every value."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None
    width = 8 if network.version == 4 else 32
    lo = format(int(network.network_address), f"0{width}x")
    hi = format(int(network.broadcast_address), f"0{width}x")
    return Value("ipv4" if network.version == 4 else "ipv6", str(network), lo, hi)


@settings(max_examples=2000, deadline=None)
@given(addresses())
@example("10.0.0.9")
@example("255.255.255.255")
@example("0.0.0.0")
@example(" 192.168.001.1")
@example("2001:db8::1")
def test_an_address_reads_as_ipaddress_reads_it(text: str) -> None:
    assert _ip(text) == _reference(text)
