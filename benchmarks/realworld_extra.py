"""Materialise the realworld-extra golds: real multi-outlet stories, hand-annotated.

Three sets: ``extra`` (realworld-extra, a development gold), ``extra2`` (realworld-extra2, a
held-out gold that is never tuned on: run it to measure, not to fix) and ``extra3``
(realworld-extra3, a further development gold, used for training and tuning like ``extra``).
The repository holds only the annotations (benchmarks/gold/realworld-extra[2|3].json and
realworld-extra[2|3]-status.json),
never the texts: every claim carries ``start``/``end`` offsets and no ``quote``. This script
rebuilds the reports from ../shared/data (BASIL, news-cluster-5w1h, gva-long-tail),
deterministically, writes one .txt per report, a manifest.csv and the gold in the realworld-dev
format (``quote`` filled in from the offsets).

Usage:
  python benchmarks/realworld_extra.py [--set extra|extra2|extra3] [--shared ../shared]
                                       [--out DIR] [--check] [--eval]

  --set NAME  which gold: extra (default), extra2 (held out) or extra3 (development)
  --out DIR   where to write (default: a new temporary folder, printed)
  --check     verify every claim's slice holds its value's digits or number word, then stop
              unless --eval is given too
  --eval      run ``claimledger --db TMP analyze DIR --manifest DIR/manifest.csv`` and
              ``claimledger --db TMP eval GOLD`` (with ``--status STATUS`` when the installed CLI
              has it) and print their output

Texts: title as the first line, a blank line, then paragraphs separated by blank lines. BASIL:
one paragraph per ``body-paragraphs`` entry, its sentences joined with single spaces and
whitespace runs collapsed. news-cluster-5w1h and gva-long-tail: each non-empty line of the
dataset's ``text`` (stripped) is a paragraph. Offsets are Python str indices into that text.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "gold" / "realworld-extra.json"
STATUS = REPO / "benchmarks" / "gold" / "realworld-extra-status.json"
GOLD2 = REPO / "benchmarks" / "gold" / "realworld-extra2.json"
STATUS2 = REPO / "benchmarks" / "gold" / "realworld-extra2-status.json"
GOLD3 = REPO / "benchmarks" / "gold" / "realworld-extra3.json"
STATUS3 = REPO / "benchmarks" / "gold" / "realworld-extra3-status.json"


@dataclass(frozen=True)
class Report:
    """One report of a story: where it is in ../shared/data and the file name it gets."""

    story: str
    name: str  # file name, e.g. basil-pelosi-nyt.txt
    dataset: str  # basil | w5h | gva
    key: str  # BASIL: <triplet-uuid>:<source>; w5h / gva: the doc_id
    outlet: str


def _basil(story: str, triplet: str) -> list[Report]:
    names = {"fox": "Fox News", "hpo": "HuffPost", "nyt": "The New York Times"}
    return [Report(story, f"{story}-{src}.txt", "basil", f"{triplet}:{src}", outlet)
            for src, outlet in names.items()]


def _w5h(story: str, docs: dict[str, tuple[str, str]]) -> list[Report]:
    return [Report(story, f"{story}-{short}.txt", "w5h", doc_id, outlet)
            for short, (doc_id, outlet) in docs.items()]


def _gva(story: str, docs: dict[str, tuple[str, str]]) -> list[Report]:
    return [Report(story, f"{story}-{short}.txt", "gva", doc_id, outlet)
            for short, (doc_id, outlet) in docs.items()]


STORIES: list[Report] = [
    *_basil("basil-pelosi", "79bf99c6-6fca-4ce4-8ae1-8771de026142"),
    *_basil("basil-farenthold", "06ffda2d-1caf-45ba-99e2-268aac1bf0e1"),
    *_basil("basil-immigration", "70c75d68-bf65-46a6-a822-15c23d77a275"),
    *_basil("basil-pipebombs", "1f99798f-2b60-4ecb-b5f4-4aa7991e8ace"),
    *_basil("basil-walmart", "2058ec60-5372-4f5f-83a3-da780be3a350"),
    *_basil("basil-jasta", "1b96a5db-8974-46d3-82d7-5dfef02f650e"),
    *_basil("basil-hr1", "2f3e86b6-8443-47bd-9cd3-491c90a59fe9"),
    *_w5h("w5h-harambe", {
        "dailymail": ("26a9388ddd4e112acfd099c575d8c270d7b7b507b0776ac615a7c724", "Daily Mail"),
        "wapo": ("87176868fabe9f788d545b3645454a2ae24bacab24f4ec78b0df926c", "The Washington Post"),
        "npr": ("dd06e8a0cdc32a4f4d1c87425c90148c5f278a519fe381f07561f9ea", "NPR"),
        "chinadailyusa": ("feb63103e948b95bd7270b386e444f768f7a18057459189971deec76",
                          "China Daily USA"),
    }),
    *_gva("gva-fll", {
        "krem": ("24db181b64dadbf4badbb6c2dbe77617", "KREM"),
        "cbs12": ("e30e8a09678b9e9fdd948acb05fc726e", "CBS12"),
        "wavy": ("43466606e6b68d1294388d80e006f88c", "WAVY"),
        "cbsmiami": ("f6013eaba6b4c70df41c5ed53f52b197", "CBS Miami"),
    }),
]


# realworld-extra2: held out, never tuned on (see docs/gold-format.md).
STORIES2: list[Report] = [
    *_basil("basil-shutdown", "0d10341a-9dba-4374-a524-814c300d1611"),
    *_basil("basil-birthright", "f688c56d-7fae-42ef-b7f7-7db207b58d27"),
    *_basil("basil-moore", "be026bd1-52b1-4789-bfd3-3632af17b054"),
    *_basil("basil-gru", "c6a0e65c-4f8b-41de-8200-cd700f683c64"),
    *_w5h("w5h-mazar", {
        "nyt": ("921a73cf9c9293238dfb7460299647f9db62e582cee84dad8a4762e5",
                "The New York Times"),
        "sun": ("fde1ee4d648e7f616fc4d3d355edd3965231ae90a7067d72cf7b8563", "The Sun"),
        "guardian": ("51bd183bdd5c2ea99cdc5f0dfe49feb816b0185371c8f30842549c33",
                     "The Guardian"),
        "bbc": ("761de7078d56a488e886a4efb4febc7467542f04bb0e969f28701947", "BBC News"),
    }),
    *_w5h("w5h-tamimi", {
        "nyt": ("b40a8b000a30d03a3fc558c0b84e7ca73d08f7524a639f51fb0b2533",
                "The New York Times"),
        "wapo": ("872c4e597a458ce076ff1015bde681872726b55d82d9388b18afeb3e",
                 "The Washington Post"),
        "dailymail": ("89085382361bdad7c4ae7d39f0f02483b59946334af5e221bd8dd5c6", "Daily Mail"),
        "reuters": ("4468c60dd028ff2a58c3f5b39520c077c32f0fdcc193928c4ca4e85c", "Reuters"),
    }),
    *_gva("gva-fortmyers", {
        "fox4now": ("34ba18d535cb789e37d59e89b38af1c5", "Fox 4 Now"),
        "cbs12": ("cf5d2614e83fc52b75f5b165b45acbd8", "CBS12"),
        "wpbf": ("adea0fad2c2b2dfc06599b6dab8d00ff", "WPBF"),
        "reuters": ("211638f407a048455a41da3fa58905e9", "Reuters"),
    }),
    *_gva("gva-houston", {
        "abc13": ("fd1f4b80feb9aab009f4bb35eef7edc1", "ABC13"),
        "chron": ("314081eee515226e0b8084f23a2ab341", "Houston Chronicle"),
        "kiiitv": ("cac0e183a32ac37bed3d2302b5fc3242", "KIII-TV"),
        "usatoday": ("fe41c20401c9f53e24ad5b84ce0e850f", "USA Today"),
    }),
]


# realworld-extra3: a further development gold (used for training and tuning, like extra).
STORIES3: list[Report] = [
    *_basil("basil-boehner", "f11c2566-848a-4e29-b8c5-4de0a81114e4"),
    *_basil("basil-scalise", "58f414e5-a122-49f5-819e-512d91069da5"),
    *_basil("basil-schumer", "1ed4f378-b9d4-43b8-8d50-53d0cc063332"),
    *_w5h("w5h-cologne", {
        "npr0105": ("3f94467f3893d1dc56675530cdb8a1896d632c817b6da32401fefb08", "NPR"),
        "npr0106": ("b936ebab44bf4c9920ab8e48205030fe7c81d872482190001fa505da", "NPR"),
        "chinadaily": ("ed9594d2018b9d49b25302949a83dc587f124880162df97318b6ab56",
                       "China Daily"),
        "dailymail": ("38d0e444ccfeab58ce2f6b8b89eec7adbf4a671d9c593aa46799c496", "Daily Mail"),
    }),
    *_w5h("w5h-morsi", {
        "cbsnews": ("181393e15a9f62f190149b03d9f3f5c094a4bb117392279921b89110", "CBS News"),
        "dailymail": ("40d513a79bad99d885c408f0f28ca125f028c282b127b234b1845bc5", "Daily Mail"),
    }),
    *_w5h("w5h-panama", {
        "cnn": ("0ac360f6fe427a902ddccaa3bec053af9ad05e1c22f9196bc064171a", "CNN"),
        "npr": ("a24d26ed3e10f886bf718acdc97edd838808a2891d102f2891be2ed4", "NPR"),
        "dailymail": ("ceb48b7dbca4274f1bd18d9bcbbec5ac2cf9fdd20fbdbc81dfeef478", "Daily Mail"),
        "wapo": ("f3bb16552d4355b24c53a6ced76b6f9bb522f8acc2cc1f0ab39f5367",
                 "The Washington Post"),
    }),
    *_gva("gva-marksville", {
        "ksla1105": ("c1de9b985e25ca4dcd3b6280984eba60", "KSLA"),
        "ksat": ("9cc8360799a6e7d464b2461a90633068", "KSAT"),
        "ksla1124": ("f88ef4ae16460382694a6284f20441bc", "KSLA"),
        "time": ("cb6e51a03a5f1a4e75be166f52d3b857", "Time"),
        "advocate": ("ce9540323be7279fa99ef5a764c5ed6e", "The Advocate"),
    }),
]


@dataclass(frozen=True)
class GoldSet:
    """One annotated set: its reports, its gold and status files, and the names it writes."""

    name: str  # realworld-extra | realworld-extra2
    stories: list[Report]
    gold: Path
    status: Path


SETS: dict[str, GoldSet] = {
    "extra": GoldSet("realworld-extra", STORIES, GOLD, STATUS),
    "extra2": GoldSet("realworld-extra2", STORIES2, GOLD2, STATUS2),
    "extra3": GoldSet("realworld-extra3", STORIES3, GOLD3, STATUS3),
}


def gold_set(name: str) -> GoldSet:
    """The set called ``name`` (extra | extra2 | extra3)."""
    try:
        return SETS[name]
    except KeyError:
        raise ValueError(
            f"realworld_extra: unknown set {name!r} ({' | '.join(SETS)})") from None


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _basil_text(article: dict[str, Any]) -> str:
    paragraphs = [_collapse(" ".join(p)) for p in article["body-paragraphs"]]
    return _collapse(article["title"]) + "\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n"


def _lines_text(title: str, body: str) -> str:
    lines = [line.strip() for line in body.split("\n")]
    return title.strip() + "\n\n" + "\n\n".join(line for line in lines if line) + "\n"


def _unarchive(url: str) -> str:
    """The original address of an archive.org capture (gva-long-tail pages were crawled there)."""
    m = re.match(r"https?://web\.archive\.org/web/\d+[a-z_]*/(.+)", url)
    return re.sub(r"^(https?://[^/]+):80/", r"\1/", m.group(1)) if m else url


@dataclass(frozen=True)
class Built:
    """A materialised report: its text and its manifest row."""

    report: Report
    text: str
    url: str
    published: str


def _jsonl(path: Path, key: str, wanted: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if not wanted:
        return found
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get(key) in wanted:
                found[row[key]] = row
    return found


def build(shared: Path, stories: list[Report] | None = None) -> list[Built]:
    """Read every report of the annotated stories from ``shared``/data."""
    reports = STORIES if stories is None else stories
    data = shared / "data"
    basil: dict[str, dict[str, Any]] = {}
    wanted_triplets = {r.key.split(":")[0] for r in reports if r.dataset == "basil"}
    for path in sorted((data / "basil" / "articles").glob("*/*.json")):
        if path.name.split("_")[0] not in wanted_triplets:
            continue
        article = json.loads(path.read_text(encoding="utf-8"))
        basil[f"{article['triplet-uuid']}:{article['source'].lower()}"] = article
    w5h = _jsonl(data / "news-cluster-5w1h" / "docs.jsonl", "doc_id",
                 {r.key for r in reports if r.dataset == "w5h"})
    gva = _jsonl(data / "gva-long-tail" / "docs.jsonl", "doc_id",
                 {r.key for r in reports if r.dataset == "gva"})
    built: list[Built] = []
    for r in reports:
        if r.dataset == "basil":
            article = basil.get(r.key)
            if article is None:
                raise SystemExit(f"realworld_extra: BASIL article {r.key} not found under {data}")
            built.append(Built(r, _basil_text(article), article["url"], str(article["date"])[:10]))
        elif r.dataset == "w5h":
            doc = w5h.get(r.key)
            if doc is None:
                raise SystemExit(f"realworld_extra: news-cluster-5w1h doc {r.key} not found")
            built.append(Built(r, _lines_text(doc["title"], doc["text"]), doc["url"],
                               str(doc["date_publish"])[:10]))
        else:
            doc = gva.get(r.key)
            if doc is None:
                raise SystemExit(f"realworld_extra: gva-long-tail doc {r.key} not found")
            built.append(Built(r, _lines_text(doc["title"], doc["text"]),
                               _unarchive(doc["url"]), str(doc["dct"])[:10]))
    return built


_WORDS: dict[int, tuple[str, ...]] = {
    0: ("zero", "no "), 1: ("one", "a ", "an ", "single", "once", "first", "lone"),
    2: ("two", "twice", "both", "couple", "second", "double", "pair"),
    3: ("three", "third", "thrice"), 4: ("four", "fourth", "quarter"), 5: ("five", "fifth"),
    6: ("six", "sixth"), 7: ("seven", "seventh"), 8: ("eight", "eighth"), 9: ("nine", "ninth"),
    10: ("ten", "tenth", "decade"), 11: ("eleven",), 12: ("twelve", "dozen"),
    13: ("thirteen",), 14: ("fourteen",), 15: ("fifteen", "decade and a half"),
    16: ("sixteen",), 17: ("seventeen",), 18: ("eighteen",), 19: ("nineteen",),
    20: ("twenty", "score"), 30: ("thirty",), 40: ("forty",), 50: ("fifty", "half"),
    60: ("sixty",), 70: ("seventy",), 80: ("eighty",), 90: ("ninety",), 100: ("hundred",),
    1000: ("thousand",),
}
_FRACTIONS: dict[float, str] = {33.33: "third", 66.67: "two-thirds", 25.0: "quarter",
                                50.0: "half", 75.0: "three-quarters"}


def _significant(number: float) -> str:
    """The significant digits of a number: 1375000000 -> '1375', 0.25 -> '25'."""
    return f"{number:.10g}".split("e")[0].replace(".", "").replace("-", "").strip("0") or "0"


def slice_ok(quote: str, value: float | None) -> bool:
    """Whether a quote holds its value: its digits (at any scale), or its number word."""
    if value is None:
        return True
    low = quote.lower()
    digits = re.sub(r"[^0-9]", "", low).strip("0")
    v = float(value)
    if _significant(v) in digits:
        return True
    if v == int(v) and any(w in low for w in _WORDS.get(int(v), ())):
        return True
    # 'an hour and a half' for 1.5, 'two and a half' for 2.5
    whole = int(v)
    if v - whole == 0.5 and "half" in low and (
            str(whole) in digits or any(w in low for w in _WORDS.get(whole, ()))):
        return True
    # a number word with a scale: 'two million' for 2000000, 'a million' for 1000000
    for m in _SCALED.finditer(low):
        base = 1 if m.group(1) in ("a", "one") else _number(m.group(1))
        if base is not None and v == base * _SCALES[m.group(2)]:
            return True
    # odds as a percentage: 'a one-in-three chance', '1 in 3' for 33.33
    for m in _ODDS.finditer(low):
        num, den = _number(m.group(1)), _number(m.group(2))
        if num is not None and den and abs(v - 100 * num / den) < 0.01:
            return True
    # a figure built from a word and a digit ('2 million' for 2000000 is covered above)
    return any(abs(v - f) < 0.01 and w in low for f, w in _FRACTIONS.items())


_SCALES: dict[str, int] = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALED = re.compile(r"\b([a-z]+)[\s-]+(thousand|million|billion)\b")
_ODDS = re.compile(r"\b([a-z]+|\d+)[\s-]+in[\s-]+([a-z]+|\d+)\b")


def _number(token: str) -> int | None:
    """A small whole number written as digits or as a word ('3', 'three')."""
    if token.isdigit():
        return int(token)
    for number, words in _WORDS.items():
        if token == words[0] and number <= 20:
            return number
    return None


def load_gold(gold: Path = GOLD) -> dict[str, Any]:
    """The annotations as stored in the repository (no quotes)."""
    data: dict[str, Any] = json.loads(gold.read_text(encoding="utf-8"))
    return data


def materialise(shared: Path, out: Path,
                set_name: str = "extra") -> tuple[Path, Path, list[str]]:
    """Write texts, manifest.csv and the gold with quotes under ``out``; return problems."""
    chosen = gold_set(set_name)
    built = build(shared, chosen.stories)
    texts: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    for b in built:
        rel = Path("docs") / b.report.story / b.report.name
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(b.text, encoding="utf-8")
        texts[b.report.name] = b.text
        rows.append({"source": rel.as_posix(), "url": b.url, "outlet": b.report.outlet,
                     "published": b.published})
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["source", "url", "outlet", "published"])
        writer.writeheader()
        writer.writerows(rows)
    gold = load_gold(chosen.gold)
    problems: list[str] = []
    claims: list[dict[str, Any]] = []
    for claim in gold["claims"]:
        text = texts.get(claim["doc"])
        if text is None:
            problems.append(f"{claim['id']}: no report {claim['doc']}")
            continue
        quote = text[claim["start"]:claim["end"]]
        if not slice_ok(quote, claim["value"]):
            problems.append(f"{claim['id']}: slice {quote!r} does not hold {claim['value']}")
        full = {"doc": claim["doc"], "quote": quote}
        full.update({k: v for k, v in claim.items() if k not in ("doc", "quote")})
        claims.append(full)
    gold_out = out / f"{chosen.name}.json"
    gold_out.write_text(json.dumps({**{k: v for k, v in gold.items() if k != "claims"},
                                    "claims": claims}, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    status_out = out / f"{chosen.name}-status.json"
    shutil.copyfile(chosen.status, status_out)
    return gold_out, status_out, problems


def _claimledger() -> list[str]:
    exe = Path(sys.executable).with_name("claimledger")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "claimledger"]


def run_eval(out: Path, gold: Path, status: Path) -> int:
    """Analyze the materialised folder into a throwaway database, then score it."""
    cli = _claimledger()
    with tempfile.TemporaryDirectory(prefix="realworld-extra-db-") as tmp:
        db = str(Path(tmp) / "ledger.db")
        analyze = [*cli, "--db", db, "analyze", str(out / "docs"),
                   "--manifest", str(out / "manifest.csv"), "-o", str(Path(tmp) / "report.txt")]
        done = subprocess.run(analyze, cwd=out, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout + done.stderr)
            return done.returncode
        helptext = subprocess.run([*cli, "eval", "--help"], capture_output=True, text=True,
                                  check=False).stdout
        command = [*cli, "--db", db, "eval", str(gold)]
        if "--status" in helptext:
            command += ["--status", str(status)]
        done = subprocess.run(command, cwd=out, capture_output=True, text=True, check=False)
        print(done.stdout + done.stderr)
        return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="set_name", choices=sorted(SETS), default="extra",
                        help="which gold: extra or extra3 (development), extra2 (held out)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--eval", action="store_true")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"realworld_extra: {args.shared}/data not found; the texts are not in the "
              "repository (pass --shared DIR pointing at the shared folder)", file=sys.stderr)
        return 2
    chosen = gold_set(args.set_name)
    out = args.out or Path(tempfile.mkdtemp(prefix=f"{chosen.name}-"))
    out.mkdir(parents=True, exist_ok=True)
    gold, status, problems = materialise(args.shared, out, args.set_name)
    print(f"wrote {out} ({gold.name}, {status.name}, manifest.csv)")
    if args.check:
        for problem in problems:
            print(problem)
        print(f"check: {len(problems)} problem(s)")
        if problems:
            return 1
    if args.eval:
        return run_eval(out, gold, status)
    return 0


if __name__ == "__main__":
    sys.exit(main())
