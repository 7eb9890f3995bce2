"""Records of the seed's members for the pure tests: a small script of acts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allyhub.charter import Tlp
from allyhub.rfi import Priority, Reply, Written, response_record, revise, rfi_record
from allyhub.stix.markings import TLP2_ID

MEMBERS = ("ru", "sy", "ir", "iq", "hz")
IDENTITY = {
    m: f"identity--00000000-0000-4000-8000-0000000000{i:02d}" for i, m in enumerate(MEMBERS)
}
IDENTITIES = {identity: member for member, identity in IDENTITY.items()}
HOUR = 3_600_000_000
T0 = 1_450_000_000_000_000  # December 2015
AMBER = [TLP2_ID[Tlp.AMBER]]


@dataclass
class Script:
    """Writes records as the service would: each act a new version made by its author."""

    records: list[dict[str, Any]] = field(default_factory=list)
    latest: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        self.records.append(record)
        self.latest[record["id"]] = record
        return record

    def ask(
        self,
        ident: str,
        requester: str,
        at: int,
        *,
        tasked: tuple[str, ...] = (),
        deadline: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        return self.add(
            rfi_record(
                ident=ident,
                requester=IDENTITY[requester],
                at=at,
                question=extra.pop("question", "Who are our nationals fighting for ISIL in SY?"),
                priority=extra.pop("priority", Priority.HIGH),
                deadline=deadline if deadline is not None else at + 72 * HOUR,
                status=Written.ROUTED if tasked else Written.OPEN,
                markings=AMBER,
                tasked_refs=[IDENTITY[m] for m in tasked],
                **extra,
            )
        )

    def version(self, ident: str, at: int, **changes: Any) -> dict[str, Any]:
        return self.add(revise(self.latest[ident], at, **changes))

    def route(self, ident: str, at: int, *members: str) -> dict[str, Any]:
        return self.version(
            ident, at, status=Written.ROUTED.value, tasked_refs=[IDENTITY[m] for m in members]
        )

    def end(self, ident: str, at: int, written: Written, resolution: str = "") -> dict[str, Any]:
        return self.version(ident, at, status=written.value, resolution=resolution)

    def reply(
        self,
        ident: str,
        member: str,
        at: int,
        reply: Reply,
        refs: tuple[str, ...] = (),
        created: int | None = None,
    ) -> dict[str, Any]:
        return self.add(
            response_record(
                rfi_ref=ident,
                member=member,
                responder=IDENTITY[member],
                created=created if created is not None else at,
                modified=at,
                reply=reply,
                markings=AMBER,
                answer_refs=refs,
            )
        )


RFI_1 = "allyhub-rfi--11111111-1111-4111-8111-111111111111"
RFI_2 = "allyhub-rfi--22222222-2222-4222-8222-222222222222"
REPORT = "report--33333333-3333-4333-8333-333333333333"
