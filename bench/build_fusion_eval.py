"""Build the fusion evaluation set: src/allyhub/data/fusion_eval.jsonl.gz.

Sources, all reachable without a network:

* CLDR territory names (two-letter codes) in English, Russian, Arabic, Persian and
  Chinese (Simplified and Traditional), as the ``babel`` package ships them;
* CLDR exemplar city names of time zones in the same locales (English from the zone id
  when CLDR has no English form);
* hand-written names of people, groups and places with the Wikipedia article each form
  was taken from (bench/fusion_names.py), plus forms from the seed article.

Every row is one pair: ``family`` (what it asks: names, generic, acronym, short-long,
variant, alias, cldr; see bench/fusion_families.py), ``a``, ``b``, ``kind``, ``same`` (the
label), the script of each side, the script pairing, where each form comes from, and
``split`` (dev or test, by entity, so that tuning on dev never sees a test entity).
Negatives are of three sorts: ``group`` (entities the table marks as confusable: one
family, one shared word, two airports of one city; tagged forms against the other
entity's forms in the same language), ``near`` (for each positive, the other entity whose
name in the second language looks most like the first name after plain anyascii
romanization: the negatives a romanizing matcher finds hardest) and ``random``.

    .venv/bin/python bench/build_fusion_eval.py
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import babel
from anyascii import anyascii
from babel import Locale
from rapidfuzz import fuzz, process

from allyhub.fusion import script_labels

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.fusion_families import EXTRA_FORMS, FAMILY_ENTITIES  # noqa: E402
from bench.fusion_names import ENTITIES, LANGS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "allyhub" / "data" / "fusion_eval.jsonl.gz"
SEED = "seed/000_4713fc5adb17c5ea.txt"
_WIKI = {
    "en": "https://en.wikipedia.org/wiki/",
    "ru": "https://ru.wikipedia.org/wiki/",
    "ar": "https://ar.wikipedia.org/wiki/",
    "fa": "https://fa.wikipedia.org/wiki/",
    "zh_Hans": "https://zh.wikipedia.org/zh-cn/",
    "zh_Hant": "https://zh.wikipedia.org/zh-tw/",
}
_NOT_PLACES = {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO", "XK"}


@dataclass(frozen=True)
class Form:
    entity: str
    kind: str
    group: str
    lang: str
    name: str
    source: str
    tag: str = ""
    """How the form relates to the entity's title: '' (a title), acronym, short, long,
    variant, alias, press or seed."""
    family: str = "names"
    """The family of the entity's title pairs: names, generic (kind words translated) or
    cldr."""


_TAGGED = {
    "acronym": "an acronym the article gives in its lead or as a redirect",
    "short": "a short form the article gives in its lead or as a redirect",
    "long": "a long (official or full) form the article gives in its lead",
    "variant": "a spelling variant the article gives in its lead or as a redirect",
    "alias": "another name the article gives in its lead",
}


def _hand_forms() -> Iterator[Form]:
    entities = [(key, kind, group, names, "names") for key, kind, group, names in ENTITIES]
    entities += [
        (key, kind, group, names, "names" if kind == "person" else "generic")
        for key, kind, group, names in FAMILY_ENTITIES
    ]
    for key, kind, group, names, family in entities:
        merged = {lang: tuple(forms) for lang, forms in names.items()}
        for lang, extra in EXTRA_FORMS.get(key, {}).items():
            merged[lang] = merged.get(lang, ()) + tuple(extra)
        for lang, forms in merged.items():
            title = next((f for f in forms if "|" not in f), forms[0].partition("|")[0])
            for raw in forms:
                name, _, tag = raw.partition("|")
                if tag == "seed":
                    source = SEED
                elif tag == "press":
                    source = "press spelling (English-language news)"
                elif tag in _TAGGED:
                    article = _WIKI[lang] + quote(title.replace(" ", "_"))
                    source = f"{article} ({_TAGGED[tag]})"
                else:
                    source = _WIKI[lang] + quote(name.replace(" ", "_"))
                yield Form(key, kind, group, lang, name, source, tag, family)


def _cldr_forms() -> Iterator[Form]:
    version = f"CLDR via babel {babel.__version__}"
    locales = {lang: Locale.parse(lang) for lang in LANGS}
    for code in sorted(locales["en"].territories):
        if len(code) != 2 or not code.isalpha() or code in _NOT_PLACES:
            continue
        for lang, locale in locales.items():
            name = locale.territories.get(code)
            if name:
                source = f"{version}: territory {code}, locale {lang}"
                yield Form(f"territory-{code}", "location", "", lang, name, source, "", "cldr")
    zones = [z for z, v in locales["zh_Hans"].time_zones.items() if "city" in v]
    for zone in sorted(zones):
        if zone.startswith(("Etc/", "Antarctica/")):
            continue
        for lang, locale in locales.items():
            info = locale.time_zones.get(zone, {})
            name = info.get("city")
            source = f"{version}: exemplar city of {zone}, locale {lang}"
            if name is None and lang == "en":
                name = zone.rsplit("/", 1)[-1].replace("_", " ")
                source = f"{version}: time zone id {zone}"
            if name:
                yield Form(f"city-{zone}", "location", "", lang, name, source, "", "cldr")


def pairing(label_a: str, label_b: str) -> str:
    """The script pairing of two forms, e.g. Han-Latin, Arabic-Persian, Hant-Hans."""
    pair = {label_a, label_b}
    if pair == {"Arabic", "Persian"}:
        return "Arabic-Persian"
    if pair == {"Hans", "Hant"}:
        return "Hant-Hans"
    order = ["Han", "Latin", "Cyrillic", "Arabic", "Other"]
    group = {"Hans": "Han", "Hant": "Han", "Persian": "Arabic"}
    ga, gb = group.get(label_a, label_a), group.get(label_b, label_b)
    ga, gb = sorted((ga, gb), key=lambda g: order.index(g) if g in order else len(order))
    return f"{ga}-{gb}"


def _label(form: Form) -> str:
    labels = script_labels(form.name)
    if not labels:
        return "Other"
    if form.lang == "zh_Hant" and labels[0] == "Hans":
        return "Hant"  # the same characters in both orthographies (伊朗)
    if form.lang == "fa" and labels[0] == "Arabic":
        return "Persian"
    if form.lang == "ar" and labels[0] == "Persian":
        return "Arabic"
    return labels[0]


def _split(entity: str) -> str:
    return "dev" if zlib.crc32(entity.encode()) % 2 == 0 else "test"


_FAMILY_OF_TAG = (
    ("alias", "alias"),
    ("acronym", "acronym"),
    ("short", "short-long"),
    ("long", "short-long"),
    ("variant", "variant"),
    ("press", "variant"),
    ("seed", "variant"),
)


def family(a: Form, b: Form) -> str:
    """What a pair asks of a matcher: the tag of either form, else the entity's family."""
    for tag, name in _FAMILY_OF_TAG:
        if tag in (a.tag, b.tag):
            return name
    return a.family


def _row(a: Form, b: Form, same: bool, sort: str, split_entity: str) -> dict[str, object]:
    la, lb = _label(a), _label(b)
    return {
        "family": family(a, b),
        "a": a.name,
        "b": b.name,
        "kind": a.kind,
        "same": same,
        "sort": sort,
        "script_a": la,
        "script_b": lb,
        "pairing": pairing(la, lb),
        "entity_a": a.entity,
        "entity_b": b.entity,
        "source_a": a.source,
        "source_b": b.source,
        "split": _split(split_entity),
    }


def build(seed: int = 20151001) -> list[dict[str, object]]:
    """All rows, deterministic for a seed."""
    rng = random.Random(seed)
    forms = list(_hand_forms()) + list(_cldr_forms())
    by_entity: dict[str, list[Form]] = {}
    for form in forms:
        by_entity.setdefault(form.entity, []).append(form)
    by_kind_lang: dict[tuple[str, str], list[Form]] = {}
    for form in forms:
        by_kind_lang.setdefault((form.kind, form.lang), []).append(form)
    ascii_of = {form: anyascii(form.name).lower() for form in forms}

    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(a: Form, b: Form, same: bool, sort: str, split_entity: str) -> None:
        if a.name == b.name:
            return
        first, second = sorted((a.name, b.name))
        key = (a.kind, first, second)
        if key in seen:
            return
        seen.add(key)
        rows.append(_row(a, b, same, sort, split_entity))

    # Positives: every two distinct forms of one entity.
    for entity, entity_forms in by_entity.items():
        for a, b in itertools.combinations(entity_forms, 2):
            add(a, b, True, "positive", entity)
    positives = list(rows)

    # Group negatives: confusable entities from the hand-written table.
    groups: dict[str, list[str]] = {}
    for key, _kind, group, _names in ENTITIES + FAMILY_ENTITIES:
        groups.setdefault(group, []).append(key)
    for members in groups.values():
        for ea, eb in itertools.combinations(members, 2):
            firsts_a = {f.lang: f for f in reversed(by_entity[ea])}
            firsts_b = {f.lang: f for f in reversed(by_entity[eb])}
            for la, lb in itertools.product(LANGS, LANGS):
                if la in firsts_a and lb in firsts_b:
                    add(firsts_a[la], firsts_b[lb], False, "group", ea)
            # Tagged forms (acronyms, short forms, variants) against the other entity's
            # forms in the same language: WHO / WTO, Damascus Airport / Baghdad Airport.
            for fa, fb in itertools.product(by_entity[ea], by_entity[eb]):
                if (fa.tag or fb.tag) and fa.lang == fb.lang:
                    add(fa, fb, False, "group", ea)

    # Near and random negatives, one each per positive.
    for row in positives:
        entity = str(row["entity_a"])
        a = next(f for f in by_entity[entity] if f.name == row["a"])
        b = next(f for f in by_entity[entity] if f.name == row["b"])
        pool = [f for f in by_kind_lang[(b.kind, b.lang)] if f.entity != entity]
        if not pool:
            continue
        choices = [ascii_of[f] for f in pool]
        best = process.extractOne(ascii_of[a], choices, scorer=fuzz.ratio)
        if best is not None:
            add(a, pool[best[2]], False, "near", entity)
        add(a, rng.choice(pool), False, "random", entity)

    # A pair labelled both ways (two entities sharing a name) is dropped.
    positive_keys = {(r["kind"], *sorted((str(r["a"]), str(r["b"])))) for r in rows if r["same"]}
    return [
        r
        for r in rows
        if r["same"] or (r["kind"], *sorted((str(r["a"]), str(r["b"])))) not in positive_keys
    ]


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    # mtime=0: the same rows give the same bytes, so a rebuild shows no spurious diff.
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    positives = sum(1 for r in rows if r["same"])
    print(f"wrote {len(rows)} pairs ({positives} positive) to {OUT}")


if __name__ == "__main__":
    main()
