"""The seed scenario played on real hubs: one `allyhub serve` process per command room.

Each member shares at the hub that hosts it, over TAXII; governance acts go through the
HTTP API of the acting member's hub; the hubs replicate to each other by themselves.
`check` then verifies every claim the README makes about the demo, on both hubs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from allyhub.charter import Charter, Role, Tier, load_charter, pin_public_keys
from allyhub.client import ApiClient, TaxiiClient
from allyhub.composition import hub_signing_key, open_services, public_key_text
from allyhub.demo.scenario import after_the_revocation, build
from allyhub.errors import AllyhubError, NotFound
from allyhub.settings import Settings
from allyhub.stix import references

SECRET = "allyhub-demo"


@dataclass(frozen=True, slots=True)
class Login:
    member: str
    hub: str
    principal: str
    key: str


@dataclass
class Demo:
    charter_path: Path
    data_dir: Path
    port_offset: int = 0
    charter: Charter = field(init=False)
    logins: dict[tuple[str, Role], Login] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.charter = load_charter(self.charter_path)
        self._copy_charter()

    def _copy_charter(self) -> None:
        """The demo runs on a copy of the charter in its data directory: hub URLs (which
        peers use to reach each other) carry the shifted ports, and `prepare` pins the
        keys of the hubs it makes, as an operator pins them by hand."""
        text = self.charter_path.read_text(encoding="utf-8")
        for hub in self.charter.hubs:
            base, port = hub.url.rsplit(":", 1)
            text = text.replace(hub.url, f"{base}:{int(port) + self.port_offset}")
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        self.charter_path = self.data_dir / self.charter_path.name
        self.charter_path.write_text(text, encoding="utf-8")
        self.charter = load_charter(self.charter_path)
        self.port_offset = 0

    # -- set-up -----------------------------------------------------------------------

    def settings(self, hub: str) -> Settings:
        return Settings(
            charter=str(self.charter_path),
            hub=hub,
            data_dir=str(self.data_dir / hub),
            secret_key=SECRET,
            sync_interval=300,
        )

    def port(self, hub: str) -> int:
        found = self.charter.hub(hub)
        assert found is not None
        return int(found.url.rsplit(":", 1)[1]) + self.port_offset

    def url(self, hub: str) -> str:
        return f"http://127.0.0.1:{self.port(hub)}"

    def home(self, member: str) -> str:
        return next((h.id for h in self.charter.hubs if member in h.hosts), self.charter.hubs[0].id)

    def prepare(self) -> None:
        """Fresh databases, keys for every member at its hub, peer keys both ways."""
        for hub in self.charter.hubs:
            shutil.rmtree(self.data_dir / hub.id, ignore_errors=True)
        keys = {
            h.id: public_key_text(hub_signing_key(self.settings(h.id))) for h in self.charter.hubs
        }
        text = pin_public_keys(self.charter_path.read_text(encoding="utf-8"), keys)
        self.charter_path.write_text(text, encoding="utf-8")
        self.charter = load_charter(self.charter_path)
        for hub in self.charter.hubs:
            with open_services(self.settings(hub.id)) as services:
                for member in hub.hosts:
                    for role in (Role.ANALYST, Role.LIAISON):
                        key, record = services.keys.create(member, role)
                        self.logins[(member, role)] = Login(member, hub.id, record.principal, key)
                for peer in hub.peers:
                    key, _ = services.keys.create_peer(peer)
                    with open_services(self.settings(peer)) as other:
                        other.replication.set_credentials(hub.id, key)

    def start(self) -> None:
        for hub in self.charter.hubs:
            settings = self.settings(hub.id)
            command = [
                sys.executable,
                "-m",
                "allyhub",
                "serve",
                "--charter",
                settings.charter,
                "--hub",
                hub.id,
                "--data-dir",
                settings.data_dir,
                "--port",
                str(self.port(hub.id)),
                "--log-level",
                "warning",
            ]
            environ = {**os.environ, "ALLYHUB_SECRET_KEY": SECRET, "ALLYHUB_SYNC_INTERVAL": "300"}
            self.processes[hub.id] = subprocess.Popen(command, env=environ)
        for hub in self.charter.hubs:
            url = self.url(hub.id)
            wait_for(lambda url=url: _answers(url), f"the {hub.id} hub to start", 60)  # type: ignore[misc]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    # -- clients ----------------------------------------------------------------------

    def taxii(self, member: str) -> TaxiiClient:
        login = self.logins[(member, Role.ANALYST)]
        return TaxiiClient(self.url(login.hub), user=login.principal, key=login.key)

    def api(self, member: str, role: Role = Role.LIAISON, hub: str | None = None) -> ApiClient:
        login = self.logins[(member, role)]
        return ApiClient(self.url(hub or login.hub), user=login.principal, key=login.key)

    # -- the scenario -----------------------------------------------------------------

    def play(self, say: Callable[[str], None]) -> int:
        """Share the seed's events and take its governance acts; returns rejections."""
        failures = 0
        shared_at: dict[str, str] = {}  # object id -> the hub it was shared at
        for share in build(self.charter):
            hub = self.home(share.member)
            for target in sorted(_pointed_at(share.objects)):
                if shared_at.get(target, hub) != hub:  # answer only what has arrived
                    wait_for(
                        lambda t=target, m=share.member: self._visible(m, t),  # type: ignore[misc]
                        f"{target} to reach {hub}",
                        60,
                    )
            failures += self._share(share.member, share.objects)
            shared_at.update((obj["id"], hub) for obj in share.objects)
        say("shared the seed's reporting: ISIL, Soleimani in five scripts, Hamadan,")
        say("  the reported Moscow visit and Russia's denial")
        motion = self._invite_the_outside_state()
        say(f"the outside state's invitation passed by unanimity ({motion}) and was declined")
        with self.api("ir") as ir:
            ir.call("PUT", "/denies/ru")
        revocation = after_the_revocation(self.charter)
        failures += self._share(revocation.member, revocation.objects)
        say("Iran withdrew Russia's use of Hamadan: its later reporting skips Russia (a deny)")
        return failures

    def _share(self, member: str, objects: list[dict[str, Any]]) -> int:
        with self.taxii(member) as client:
            status = client.add(client.collection_url(client.api_root(), "joint"), objects)
        for failure in status.get("failures", []):
            print(f"  rejected {failure['id']}: {failure.get('message')}", file=sys.stderr)
        return int(status.get("failure_count", 0))

    def _invite_the_outside_state(self) -> str:
        with self.api("ru") as ru:
            invitation = {"kind": "admit", "subject": "us", "name": "United States"}
            motion = ru.call("POST", "/motions", {**invitation, "tier": Tier.FULL.value})
        for member in ("ru", "sy", "ir", "iq"):
            self._wait_for_motion(member, str(motion["id"]))
            with self.api(member) as client:
                client.call("POST", f"/motions/{motion['id']}/votes", {"vote": "yes"})
        home = self.charter.hubs[0].id
        wait_for(
            lambda: self._standing(home, "us") == "active", "the invitation to pass everywhere", 60
        )
        with open_services(self.settings(home)) as services:
            key, record = services.keys.create("us", Role.LIAISON)
        self.logins[("us", Role.LIAISON)] = Login("us", home, record.principal, key)
        with self.api("us") as us:
            us.call("POST", f"/motions/{motion['id']}/response", {"response": "decline"})
        return str(motion["id"])

    def _wait_for_motion(self, member: str, motion_id: str) -> None:
        wait_for(
            lambda: self._sees_motion(member, motion_id), f"{member} to see the invitation", 60
        )

    def _sees_motion(self, member: str, motion_id: str) -> bool:
        try:
            with self.api(member) as client:
                client.call("GET", f"/motions/{motion_id}")
            return True
        except NotFound:
            return False

    def _standing(self, hub: str, member: str) -> str:
        with self.api("sy" if hub == self.charter.hubs[0].id else "iq", hub=hub) as client:
            for entry in client.call("GET", "/members"):
                if entry["id"] == member:
                    return str(entry["standing"])
        return ""

    # -- the checks ---------------------------------------------------------------------

    def check(self, timeout: float = 90) -> list[tuple[str, bool]]:
        """Every claim about the demo, verified (waiting for replication and fusion)."""
        names = {
            o.get("name", o["id"]): o["id"] for share in build(self.charter) for o in share.objects
        }
        self._ids = {
            "soleimani": names["Касем Сулеймани"],
            "restricted": names["قاسم سلیمانی"],
            "visit": names["Soleimani visited Moscow in July 2015 to plan the Syria campaign"],
            "hamadan": names["Hamadan air base"],
            "revoked": after_the_revocation(self.charter).objects[0]["id"],
        }
        checks: list[tuple[str, Callable[[], bool]]] = [
            (
                "ir (Baghdad) sees one Soleimani in five scripts: Cyrillic, Chinese, Persian, "
                "Arabic, Latin",
                self._fused_for_ir,
            ),
            (
                "sy (Damascus) sees the same person without Iran's restricted report",
                self._fused_for_sy,
            ),
            (
                "the reported Moscow visit is contradicted: ir supports it, ru denies it",
                self._contradiction,
            ),
            ("the Moscow-visit report is invisible to sy and to hz", self._visit_hidden),
            ("the outside state's invitation was declined, on both hubs", self._declined),
            (
                "after the revocation Iran's reporting skips Russia; what Russia saw before stays",
                self._revoked,
            ),
            (
                "the command rooms are in sync: Iran's restricted report reached ru in Damascus",
                self._in_sync,
            ),
        ]
        deadline = time.monotonic() + timeout
        results: list[tuple[str, bool]] = []
        for text, test in checks:
            ok = False
            while True:
                try:
                    ok = test()
                except (AllyhubError, httpx.HTTPError):
                    ok = False
                if ok or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            results.append((text, ok))
        return results

    def _fused_for_ir(self) -> bool:
        wanted = {"Cyrillic", "Hant", "Persian", "Arabic", "Latin"}
        return wanted <= self._scripts("ir", self._ids["soleimani"])

    def _fused_for_sy(self) -> bool:
        scripts = self._scripts("sy", self._ids["soleimani"])
        return "Persian" not in scripts and {"Cyrillic", "Hant", "Arabic", "Latin"} <= scripts

    def _contradiction(self) -> bool:
        return self._claim("ir", self._ids["visit"]) == (["ir"], ["ru"])

    def _visit_hidden(self) -> bool:
        return not self._visible("sy", self._ids["visit"]) and not self._visible(
            "hz", self._ids["visit"]
        )

    def _declined(self) -> bool:
        return all(self._standing(hub.id, "us") == "declined" for hub in self.charter.hubs)

    def _revoked(self) -> bool:
        ru_before = self._visible("ru", self._ids["hamadan"])
        return (
            ru_before
            and not self._visible("ru", self._ids["revoked"])
            and self._visible("sy", self._ids["revoked"])
        )

    def _in_sync(self) -> bool:
        return self._visible("ru", self._ids["restricted"]) and not self._visible(
            "sy", self._ids["restricted"]
        )

    def _scripts(self, member: str, stix_id: str) -> set[str]:
        with self.api(member, Role.ANALYST) as client:
            entity = client.call("GET", f"/entities/{stix_id}")
        return {form["script"] for form in entity["names"]}

    def _claim(self, member: str, stix_id: str) -> tuple[list[str], list[str]]:
        with self.api(member, Role.ANALYST) as client:
            claim = client.call("GET", f"/objects/{stix_id}/corroboration")
        return claim["supporting"], claim["opposing"]

    def _visible(self, member: str, stix_id: str) -> bool:
        with self.taxii(member) as client:
            try:
                client.get_object(client.collection_url(client.api_root(), "joint"), stix_id)
            except NotFound:
                return False
        return True


def _pointed_at(objects: list[dict[str, Any]]) -> set[str]:
    """What a share refers to: referenced objects and marking definitions."""
    found: set[str] = set()
    for obj in objects:
        found.update(references(obj))
        found.update(obj.get("object_marking_refs", ()))
    return found - {obj["id"] for obj in objects}


def _answers(url: str) -> bool:
    try:
        httpx.get(url + "/taxii2/", timeout=1)
        return True
    except httpx.HTTPError:
        return False


def wait_for(condition: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except (AllyhubError, httpx.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise AllyhubError(f"timed out waiting for {what}")
        time.sleep(0.2)
