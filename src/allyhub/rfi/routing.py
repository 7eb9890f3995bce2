"""Who could answer a request: members' capabilities, and a score for each candidate.

A member's capabilities start from the charter (`capabilities` split into disciplines
and domains, `regions`, `areas`) and are replaced by its latest declaration the reader
may see. A candidate's score is a weighted mean of how well it matches what the request
asks for (disciplines, domains, regions it collects in, areas it is responsible for,
topics it follows) and of its record on similar requests it answered; factors the
request leaves empty are left out of the mean. Each score carries its reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from allyhub.charter import Charter
from allyhub.rfi.fold import Declaration, Rfi
from allyhub.rfi.regions import Region, country
from allyhub.rfi.vocabulary import split_capabilities

Resolve = Callable[[str], Region]
"""A region reference → the region, as the reader may see it."""

WEIGHTS = {
    "regions": 0.30,  # where matters most: nobody collects where it has no presence
    "disciplines": 0.25,
    "areas": 0.15,
    "history": 0.10,
    "domains": 0.10,
    "topics": 0.10,
}
PROPOSE = 0.5
"""Candidates at or above this score are proposed (else the best one, if any scores)."""


@dataclass(frozen=True, slots=True)
class Capability:
    """What a member can collect, where, and where it is responsible."""

    member: str
    disciplines: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    areas: tuple[Region, ...] = ()
    topics: tuple[str, ...] = ()
    declared: int | None = None  # when it was declared; None: the charter's
    description: str = ""


def capabilities(
    charter: Charter, declarations: Mapping[str, Declaration], resolve: Resolve
) -> dict[str, Capability]:
    """Every member's capabilities: the charter's, replaced by a declaration if any."""
    found: dict[str, Capability] = {}
    for member in charter.members:
        disciplines, domains = split_capabilities(member.capabilities)
        found[member.id] = Capability(
            member=member.id,
            disciplines=disciplines,
            domains=domains,
            regions=tuple(country(code) for code in member.regions),
            areas=tuple(country(code) for code in member.areas),
            description=member.description,
        )
    for member_id, declared in declarations.items():
        found[member_id] = Capability(
            member=member_id,
            disciplines=declared.disciplines,
            domains=declared.domains,
            regions=tuple(resolve(ref) for ref in declared.region_refs),
            areas=tuple(resolve(ref) for ref in declared.area_refs),
            topics=declared.topic_refs,
            declared=declared.modified,
            description=declared.description,
        )
    return dict(sorted(found.items()))


@dataclass(frozen=True, slots=True)
class Suggestion:
    member: str
    score: float
    reasons: tuple[str, ...]
    may_see: bool  # the request's markings let it see the request, so it may be tasked
    tasked: bool  # already tasked
    proposed: bool


@dataclass(frozen=True, slots=True)
class Routing:
    rfi: str
    suggestions: tuple[Suggestion, ...]

    @property
    def proposed(self) -> tuple[str, ...]:
        return tuple(s.member for s in self.suggestions if s.proposed)


def coverage_of(have: Sequence[Region], wanted: Sequence[Region]) -> tuple[float, list[str]]:
    """Mean over wanted regions of the best cover among `have`, and the labels covered."""
    if not wanted:
        return 0.0, []
    total, covered = 0.0, []
    for region in wanted:
        best = max((h.covers(region) for h in have), default=0.0)
        total += best
        if best:
            covered.append(region.label + ("" if best == 1.0 else " (in part)"))
    return total / len(wanted), covered


def features(rfi: Rfi, resolve: Resolve) -> frozenset[str]:
    """What makes two requests similar: topics, countries, disciplines, domains."""
    countries = {r.path[0] for r in map(resolve, rfi.region_refs) if r.path}
    return frozenset(
        [f"t:{t}" for t in rfi.topic_refs]
        + [f"r:{c}" for c in countries]
        + [f"d:{d}" for d in rfi.disciplines]
        + [f"m:{d}" for d in rfi.domains]
    )


def similarity(one: frozenset[str], other: frozenset[str]) -> float:
    union = one | other
    return len(one & other) / len(union) if union else 0.0


def track_records(
    rfi: Rfi, history: Iterable[Rfi], resolve: Resolve
) -> dict[str, tuple[float, int]]:
    """Per member: a 0..1 record on requests like this one that it answered (noisy-or of
    their similarities), and how many of them there were."""
    mine = features(rfi, resolve)
    records: dict[str, tuple[float, int]] = {}
    for other in history:
        if other.id == rfi.id or not other.answered:
            continue
        alike = similarity(mine, features(other, resolve))
        if alike <= 0:
            continue
        for tasking in other.answered:
            record, count = records.get(tasking.member, (0.0, 0))
            records[tasking.member] = (1 - (1 - record) * (1 - alike), count + 1)
    return records


def _share(wanted: Sequence[str], have: Sequence[str]) -> tuple[float, list[str]]:
    if not wanted:
        return 0.0, []
    matched = [w for w in wanted if w in have]
    return len(matched) / len(wanted), matched


def suggest(
    rfi: Rfi,
    capabilities: Mapping[str, Capability],
    candidates: Mapping[str, bool],
    resolve: Resolve,
    history: Iterable[Rfi] = (),
) -> Routing:
    """Score every candidate (member → whether it may see the request) for a request."""
    wanted = [resolve(ref) for ref in rfi.region_refs]
    records = track_records(rfi, history, resolve)
    factors = {
        "disciplines": bool(rfi.disciplines),
        "domains": bool(rfi.domains),
        "regions": bool(wanted),
        "areas": bool(wanted),
        "topics": bool(rfi.topic_refs),
        "history": any(member in records for member in candidates),
    }
    weight = sum(WEIGHTS[f] for f, used in factors.items() if used)
    scored: list[tuple[float, str, tuple[str, ...]]] = []
    for member in sorted(candidates):
        cap = capabilities.get(member, Capability(member))
        reasons: list[str] = []
        parts: dict[str, float] = {}
        parts["disciplines"], matched = _share(rfi.disciplines, cap.disciplines)
        if matched:
            reasons.append(
                f"collects {', '.join(matched)} ({len(matched)} of {len(rfi.disciplines)} "
                "disciplines wanted)"
            )
        parts["domains"], matched = _share(rfi.domains, cap.domains)
        if matched:
            reasons.append(f"works in the {', '.join(matched)} domain")
        parts["regions"], labels = coverage_of(cap.regions, wanted)
        if labels:
            reasons.append(f"collects in {', '.join(labels)}")
        parts["areas"], labels = coverage_of(cap.areas, wanted)
        if labels:
            reasons.append(f"responsible for {', '.join(labels)}")
        parts["topics"], matched = _share(rfi.topic_refs, cap.topics)
        if matched:
            reasons.append(f"follows {len(matched)} of the {len(rfi.topic_refs)} topics")
        parts["history"], count = records.get(member, (0.0, 0))
        if count:
            reasons.append(f"answered {count} similar request{'s' if count > 1 else ''}")
        score = sum(WEIGHTS[f] * parts[f] for f, used in factors.items() if used)
        scored.append((round(score / weight, 3) if weight else 0.0, member, tuple(reasons)))
    scored.sort(key=lambda s: (-s[0], s[1]))

    tasked = set(rfi.tasked)
    open_ = [(s, m) for s, m, _ in scored if candidates[m] and m not in tasked and s > 0]
    proposed = {m for s, m in open_ if s >= PROPOSE} or {m for _, m in open_[:1]}
    return Routing(
        rfi=rfi.id,
        suggestions=tuple(
            Suggestion(
                member, score, reasons, candidates[member], member in tasked, member in proposed
            )
            for score, member, reasons in scored
        ),
    )
