"""The five real seed reports in ../shared/seeds (read in place, never copied)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimledger.records import ExtractedText, RawInput
from claimledger.text import extract
from claimledger.text.dates import date_line

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Line shapes of the page debris the seeds are known to carry; the extractor's rules are
# general, these patterns only check their outcome.
DEBRIS_LINE = re.compile(
    r"^\s*(?:icon-\w+(?:\s+icon-\w+)*|ALSO READ\b.*|Read also:.*|Previous|Next|"
    r"Leave a Comment|You may also like|Editors' Picks|Latest Posts|Home [A-Z&\s]{4,}.*|"
    r"by \w+ Correspondents|Under \d+ Words:.*|_{5,})\s*$"
)


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, ExtractedText]]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the seed reports are not checked out beside the repo")
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out[path.name[:3]] = (raw, extract(RawInput(source=str(path), data=path.read_bytes(),
                                                    kind="text")))
    if len(out) != 5:
        pytest.skip(f"expected five seed reports in {SEEDS}, found {len(out)}")
    return out


def _repeated_fragments(raw: str) -> set[str]:
    """Short lines that recur alone and also as "(...)" in the same report: SEO tags."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    short = {line for line in lines if len(line.split()) <= 6 and lines.count(line) >= 2}
    return {line for line in short if f"({line})" in raw}


def test_all_seeds_extract(seeds: dict[str, tuple[str, ExtractedText]]) -> None:
    for _raw, result in seeds.values():
        assert result.text.strip()
        assert result.language == "en"
        assert result.title and result.title in result.text


def test_no_debris_line_survives(seeds: dict[str, tuple[str, ExtractedText]]) -> None:
    for name, (raw, result) in seeds.items():
        debris = [line.strip() for line in raw.splitlines() if DEBRIS_LINE.match(line)]
        kept = {line.strip() for line in result.text.splitlines()}
        for line in debris:
            assert line not in kept, (name, line)
        for fragment in _repeated_fragments(raw):
            assert fragment not in kept, (name, fragment)
            assert f"({fragment})" not in result.text, (name, fragment)


def test_seed_003_is_dated_by_its_dateline(seeds: dict[str, tuple[str, ExtractedText]]) -> None:
    result = seeds["003"][1]
    assert (result.published, result.published_source) == ("2023-11-02", "text")


def test_every_sentence_with_a_figure_survives(
    seeds: dict[str, tuple[str, ExtractedText]],
) -> None:
    for name, (raw, result) in seeds.items():
        fragments = _repeated_fragments(raw)
        clean = " ".join(result.text.split())
        for line in raw.splitlines():
            if DEBRIS_LINE.match(line) or not re.search(r"\d", line) or date_line(line):
                continue  # debris, no figure, or a dateline (metadata, not a claim)
            if re.match(r"\s*(?:ALSO READ|Read also)\b", line, re.I):
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                if not re.search(r"\d", sentence):
                    continue
                for fragment in fragments:
                    sentence = sentence.replace(f" ({fragment})", "")
                sentence = re.sub(r"\s*\(Photo:[^)]*\)", "", sentence)
                assert " ".join(sentence.split()) in clean, (name, sentence)


def test_offsets_map_into_the_seed_file(seeds: dict[str, tuple[str, ExtractedText]]) -> None:
    for raw, result in seeds.values():
        assert result.raw_text == raw
        for i, offset in enumerate(result.offsets):
            if offset >= 0:
                assert result.text[i] == raw[offset]
