"""Synthetic news corpora for scale benchmarks: fictional stories, many outlets, varied figures.

Every story is invented here: a kind of event (dam breach, mine strike, disputed vote, arms
shipment...), made-up places, people, organisations and outlets, and several reports that
restate, round, revise or dispute its figures on different days. Reports are written as JSON
Lines shards (``part-00001.jsonl``...) of at most ``--shard`` records, because the ledger
ingests one file at a time and caps file size; a clusters gold file ``clusters-gold.json``
({source: story label}, see docs/clusters-gold.md) is written beside them. Everything streams
to disk: memory stays flat whatever the size.

Usage: python benchmarks/synth.py OUT_DIR --reports 10000 [--seed 7] [--shard 5000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO

_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "st",
    "tr",
    "sh",
    "ch",
    "th",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "n", "r", "l", "s", "k", "m", "nd", "rt", "sk", "v"]
_PLACE_SUFFIX = ["", "", " Valley", " Bay", "grad", "ford", " Heights", "ovo", "stad", "mere"]
_FIRST = [
    "Ilse",
    "Anton",
    "Dara",
    "Bogdan",
    "Mara",
    "Tomas",
    "Elin",
    "Kofi",
    "Noor",
    "Piet",
    "Lucia",
    "Omar",
    "Yuki",
    "Sven",
    "Amara",
    "Ravi",
    "Greta",
    "Idris",
    "Lena",
    "Mateo",
    "Zofia",
    "Kwame",
    "Ines",
    "Farid",
    "Hana",
    "Jonas",
    "Selin",
    "Wren",
    "Alba",
    "Ciro",
]
_ROLES = [
    "governor",
    "interior minister",
    "police chief",
    "union leader",
    "company spokesman",
    "health minister",
    "defence minister",
    "mayor",
    "fire chief",
    "election commissioner",
    "port director",
    "army spokesman",
]
_OUTLET_WORDS = [
    "Herald",
    "Courier",
    "Post",
    "Ledger",
    "Wire",
    "Tribune",
    "Gazette",
    "Monitor",
    "Observer",
    "Dispatch",
    "Chronicle",
    "Bulletin",
    "Radio",
    "Times",
    "Review",
]
_HEDGES = ["", "", "about ", "nearly ", "at least ", "more than ", "up to ", "some "]
_BACKGROUND = [
    "{place} has a population of about {pop:,} and lies {km} kilometres from the capital.",
    "The region around {place} has seen similar incidents in the past decade.",
    "Officials in {other} said they were monitoring the situation closely.",
    "Opposition politicians accused the authorities of ignoring earlier warnings.",
    "International organisations offered assistance, according to local media.",
    "The {org} said it would publish a full account once the facts were established.",
    "Local businesses in {place} said trade had slowed sharply since the start of the month.",
    "It was not immediately clear how the figures had been compiled.",
]
_SAID = [
    "said",
    "told reporters",
    "said in a statement",
    "told a news conference",
    "wrote on social media",
    "said on state television",
]


@dataclass
class _Kind:
    name: str
    headline: list[str]
    lead: list[str]
    facts: list[tuple[str, str, int, int]]  # sentence template, label, low, high
    colour: list[str]


# Templates use {place}, {org}, {person}, {role}, {n}, {hedge}, {said}, {other}, {day}.
KINDS = [
    _Kind(
        "dam-breach",
        [
            "{place} dam breach floods villages",
            "Thousands flee as {place} dam fails",
            "Flood toll rises after {place} dam collapse",
            "Inquiry ordered into {place} dam",
        ],
        [
            "A section of the {place} dam gave way on {day}, flooding nearby villages.",
            "Floodwater from the collapsed {place} dam swept through farms and homes on {day}.",
        ],
        [
            (
                "{role} {person} {said} {hedge}{n} residents had been evacuated.",
                "evacuated",
                300,
                9000,
            ),
            ("The {org} {said} {hedge}{n} people were missing.", "missing", 3, 60),
            (
                "The reservoir held {hedge}{n} million cubic metres of water, engineers said.",
                "volume",
                5,
                90,
            ),
            ("The death toll rose to {n}, the {org} said.", "dead", 1, 40),
        ],
        [
            "Rescue boats searched flooded fields through the night.",
            "Engineers had warned months ago that the spillway was cracked.",
            "Residents of {other} were told to move to higher ground.",
        ],
    ),
    _Kind(
        "mine-strike",
        [
            "Miners walk out at {place} copper mine",
            "{place} mine strike enters second week",
            "Talks stall as {place} strike drags on",
            "Copper climbs on {place} mine strike",
        ],
        [
            "Workers at the {place} copper mine went on strike on {day} over pay and safety.",
            "The strike at the {place} mine widened on {day} as talks with the {org} broke down.",
        ],
        [
            (
                "Union leader {person} {said} {hedge}{n} miners had joined the walkout.",
                "strikers",
                500,
                8000,
            ),
            ("The {org} {said} output had fallen by {hedge}{n} percent.", "output", 10, 90),
            ("The union is demanding a pay rise of {n} percent.", "raise", 4, 25),
        ],
        [
            "Copper prices rose on the news.",
            "The company called the walkout illegal.",
            "Police were deployed at the gates of the mine near {other}.",
        ],
    ),
    _Kind(
        "disputed-vote",
        [
            "{place} opposition claims victory in disputed vote",
            "{place} count delayed again",
            "Observers question {place} election tally",
            "Protests grow over {place} vote",
        ],
        [
            "{person}, the opposition leader in {place}, claimed victory on {day}.",
            "The count in {place} was delayed again on {day} as both sides claimed to have won.",
        ],
        [
            ("The {org} {said} turnout was {hedge}{n} percent.", "turnout", 40, 85),
            ("{person}'s party {said} she had won {n} percent of the vote.", "share", 45, 62),
            ("Police dispersed {hedge}{n} protesters outside the {org}.", "protesters", 100, 5000),
        ],
        [
            "Observers reported ballot boxes arriving unsealed in {other}.",
            "The incumbent called for calm and patience.",
            "Internet access was cut in {other}.",
        ],
    ),
    _Kind(
        "arms-shipment",
        [
            "{place} accused of shipping munitions abroad",
            "Satellite images show {place} convoys",
            "{place} denies arms transfers",
            "Officials count containers leaving {place}",
        ],
        [
            "The {role} of a neighbouring state said on {day} that {place} had shipped munitions.",
            "New satellite images released on {day} show convoys at the port of {place}.",
        ],
        [
            (
                "{role} {person} {said} {hedge}{n} containers had left the port.",
                "containers",
                200,
                9000,
            ),
            (
                "The shipments may hold {hedge}{n} million artillery shells, the {org} estimated.",
                "shells",
                1,
                5,
            ),
            (
                "{hedge}{n} freight trains were seen crossing the border in a month.",
                "trains",
                5,
                120,
            ),
        ],
        [
            "The government of {place} denied sending any weapons.",
            "Analysts said the figures could not be independently verified.",
            "Port workers in {other} described night-time loading.",
        ],
    ),
    _Kind(
        "outbreak",
        [
            "Fever outbreak spreads in {place}",
            "{place} hospitals strained by outbreak",
            "Health officials race to contain {place} outbreak",
            "{place} outbreak cases rise",
        ],
        [
            "Health officials in {place} confirmed a fever outbreak on {day}.",
            "Cases of an unexplained fever rose again in {place} on {day}, the {org} said.",
        ],
        [
            ("{role} {person} {said} {hedge}{n} cases had been confirmed.", "cases", 20, 4000),
            ("The {org} {said} {n} people had died.", "dead", 1, 80),
            ("{hedge}{n} hospital beds were set aside for patients.", "beds", 50, 900),
        ],
        [
            "Schools in {other} were closed as a precaution.",
            "Doctors urged residents to boil drinking water.",
            "A team of epidemiologists arrived from the capital.",
        ],
    ),
    _Kind(
        "port-fire",
        [
            "Fire rages at {place} port warehouse",
            "{place} port fire contained after two days",
            "Questions over chemicals stored at {place} port",
            "{place} port reopens after blaze",
        ],
        [
            "A fire broke out at a warehouse in the port of {place} on {day}.",
            "Firefighters in {place} battled a warehouse blaze for a second day on {day}.",
        ],
        [
            (
                "Fire chief {person} {said} {hedge}{n} firefighters were at the scene.",
                "firefighters",
                40,
                600,
            ),
            (
                "The {org} {said} {hedge}{n} tonnes of fertiliser were stored there.",
                "tonnes",
                100,
                3000,
            ),
            ("{hedge}{n} people were treated for smoke inhalation.", "injured", 2, 300),
        ],
        [
            "Residents of {other} were told to keep windows shut.",
            "Ships were diverted to other terminals.",
            "The cause of the fire is not yet known.",
        ],
    ),
]


def _name(rng: random.Random, syllables: int) -> str:
    parts = [
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    ]
    return "".join(parts).capitalize()


@dataclass
class _Story:
    label: str
    kind: _Kind
    place: str
    other: str
    org: str
    people: list[tuple[str, str]]  # (name, role)
    start: date
    figures: dict[str, int] = field(default_factory=dict)


def _story(rng: random.Random, n: int, start: date) -> _Story:
    kind = rng.choice(KINDS)
    place = _name(rng, rng.choice((2, 3))) + rng.choice(_PLACE_SUFFIX)
    other = _name(rng, 2)
    org = f"{place.split()[0]} {rng.choice(['Civil Protection Agency', 'Workers Union', 'Electoral Commission', 'Health Directorate', 'Port Authority', 'Defence Ministry', 'Resources Group'])}"  # noqa: E501
    people = [(f"{rng.choice(_FIRST)} {_name(rng, 2)}", rng.choice(_ROLES)) for _ in range(3)]
    figures = {label: rng.randint(lo, hi) for _t, label, lo, hi in kind.facts}
    return _Story(f"story-{n:06d}-{kind.name}", kind, place, other, org, people, start, figures)


def _vary(rng: random.Random, value: int) -> int:
    """Outlets round, revise and disagree: most keep the figure, some move it."""
    roll = rng.random()
    if roll < 0.55:
        return value
    if roll < 0.8:
        magnitude: int = 10 ** max(0, len(str(value)) - 2)
        return max(1, round(value / magnitude) * magnitude)
    return max(1, int(value * rng.uniform(0.6, 1.6)))


def _report(rng: random.Random, story: _Story, day: date, outlets: list[str]) -> dict[str, str]:
    person, role = rng.choice(story.people)
    values = {
        "place": story.place,
        "other": story.other,
        "org": story.org,
        "person": person,
        "role": role,
        "day": day.strftime("%A"),
    }

    def fill(template: str, n: int = 0) -> str:
        text = template.format(
            n=f"{n:,}", hedge=rng.choice(_HEDGES), said=rng.choice(_SAID), **values
        )
        return text[0].upper() + text[1:]

    kind = story.kind
    sentences = [fill(rng.choice(kind.lead))]
    facts = list(kind.facts)
    rng.shuffle(facts)
    for template, label, _lo, _hi in facts[: rng.randint(2, len(facts))]:
        sentences.append(fill(template, _vary(rng, story.figures[label])))
        if rng.random() < 0.1:  # a revision later in the story
            story.figures[label] = max(1, int(story.figures[label] * rng.uniform(1.05, 1.5)))
    colour = list(kind.colour)
    rng.shuffle(colour)
    sentences += [fill(c) for c in colour[: rng.randint(1, len(colour))]]
    background = list(_BACKGROUND)
    rng.shuffle(background)
    for template in background[: rng.randint(2, 5)]:
        sentences.append(
            fill(
                template.replace("{pop:,}", f"{rng.randint(5, 900) * 1000:,}").replace(
                    "{km}", str(rng.randint(20, 600))
                )
            )
        )
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    outlet = rng.choice(outlets)
    slug = story.place.lower().replace(" ", "-")
    return {
        "title": fill(rng.choice(kind.headline)),
        "outlet": outlet,
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{day.isoformat()}/{slug}-"
        f"{rng.randrange(16**8):08x}",
        "published": day.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def generate(
    reports: int, seed: int = 7, start: date = date(2030, 1, 1)
) -> Iterator[tuple[str, dict[str, str]]]:
    """(story label, report record) pairs, roughly in publication order, streamed."""
    rng = random.Random(seed)
    outlets = sorted({f"{_name(rng, 2)} {rng.choice(_OUTLET_WORDS)}" for _ in range(120)})
    made = 0
    n_story = 0
    day = start
    block = 40  # stories whose reports are interleaved by date before being written
    while made < reports:
        pending: list[tuple[date, int, str, dict[str, str]]] = []
        for _ in range(block):
            n_story += 1
            story = _story(rng, n_story, day + timedelta(days=rng.randint(0, 3)))
            size = 1 if rng.random() < 0.3 else min(40, int(rng.paretovariate(1.3) * 3))
            for _r in range(size):
                when = story.start + timedelta(days=int(rng.expovariate(0.5)))
                record = _report(rng, story, when, outlets)
                pending.append((when, len(pending), story.label, record))
        pending.sort()
        for _when, _i, label, record in pending:
            if made >= reports:
                return
            made += 1
            yield label, record
        day += timedelta(days=4)


def write(out: Path, reports: int, seed: int = 7, shard: int = 5000) -> list[Path]:
    """Writes the shards and the clusters gold file under ``out``; returns the shard paths."""
    out.mkdir(parents=True, exist_ok=True)
    shards: list[Path] = []
    fh: IO[str] | None = None
    gold = (out / "clusters-gold.json").open("w", encoding="utf-8")
    gold.write("{")
    try:
        for n, (label, record) in enumerate(generate(reports, seed)):
            if n % shard == 0:
                if fh is not None:
                    fh.close()
                shards.append(out / f"part-{len(shards) + 1:05d}.jsonl")
                fh = shards[-1].open("w", encoding="utf-8")
            assert fh is not None
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            source = f"{shards[-1].name}#{n % shard + 1}"
            gold.write(("," if n else "") + f"\n {json.dumps(source)}: {json.dumps(label)}")
    finally:
        if fh is not None:
            fh.close()
        gold.write("\n}\n")
        gold.close()
    return shards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shard", type=int, default=5000, help="records per JSONL file")
    args = parser.parse_args(argv)
    shards = write(args.out, args.reports, args.seed, args.shard)
    print(f"{args.reports} reports in {len(shards)} shard(s) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
