"""misp/: MISP documents read in every form MISP writes them, and events made into MISP's
feed format and back, each event whole."""

from __future__ import annotations

import pytest

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.misp import events_to_stix, feed_files, manifest_entry, read_events, stix_to_events
from tests.misp_events import FEED_ORG, events


def test_events_are_read_from_each_form_misp_writes() -> None:
    made = events(2)
    forms = [
        made,
        [{"Event": e} for e in made],
        {"response": [{"Event": e} for e in made]},
    ]
    for form in forms:
        assert [e["uuid"] for e in read_events(form)] == [e["uuid"] for e in made]
    assert [e["uuid"] for e in read_events({"Event": made[0]})] == [made[0]["uuid"]]
    with pytest.raises(InvalidRequest, match=r"^events\[1\]: not a MISP event"):
        read_events([made[0], {"title": "not an event"}])


def test_events_become_a_feed_with_a_manifest_line_and_a_file_each() -> None:
    made = events(3)
    stix = events_to_stix(made, {}, "", Tlp.GREEN)
    back = stix_to_events([o for bundle in stix for o in bundle], FEED_ORG)
    feed = feed_files(back)
    uuids = {e["uuid"] for e in made}
    assert set(feed.events) == uuids
    for uuid in uuids:
        line = manifest_entry(feed.manifest, uuid)
        assert line is not None and line["info"] == feed.events[uuid]["Event"]["info"]
    assert manifest_entry(feed.manifest, "00000000-0000-4000-8000-00000000ffff") is None
    assert {event for _, event in feed.hashes} <= uuids and feed.hashes
