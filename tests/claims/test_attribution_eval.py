"""The PolNeAR claimer scorer: brat reading, name matching, nested and pronoun sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.claims.attribution_eval import (
    Article,
    Score,
    gold_sources,
    load_split,
    names_source,
    read_brat,
    score_claims,
)
from claimledger.records import Claim

REPO = Path(__file__).resolve().parents[2]

TEXT = ("Senator Ana Ruiz said the Harbor Times reported that auditors found 40 missing "
        "laptops. She said the city owes $2 million, which aides confirmed.")
def _at(part: str, after: int = 0) -> str:
    a = TEXT.index(part, after)
    return f"{a} {a + len(part)}"


ANN = "\n".join([
    f"T1\tSource {_at('Senator Ana Ruiz')}\tSenator Ana Ruiz",
    f"T2\tCue {_at('said')}\tsaid",
    f"T3\tContent {_at('the Harbor Times reported that auditors found 40 missing laptops')}\t.",
    "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1",
    f"T4\tSource {_at('the Harbor Times')}\tthe Harbor Times",
    f"T5\tCue {_at('reported')}\treported",
    f"T6\tContent {_at('auditors found 40 missing laptops')}\t.",
    "E2\tAttribution:T10 Content:T6 Cue:T5 Source:T4",
    f"T7\tSource {_at('She')}\tShe",
    f"T8\tContent {_at('the city owes $2 million')}\t.",
    "E3\tAttribution:T11 Content:T8 Source:T7",
    "E4\tbroken line without roles",
    "T12\tContent 999 1005\tout of range",
    "E5\tAttribution:T13 Content:T12",
])


def _article() -> Article:
    return Article(name="a", text=TEXT, attributions=read_brat(ANN, TEXT))


def _claim(quote: str, claimer: str | None) -> Claim:
    start = TEXT.index(quote)
    return Claim(id="1", document=1, value=1.0, low=None, high=None, unit=None, item=None,
                 item_lemma=None, subject=None, recipient=None, predicate=None,
                 claimer=claimer, claimer_role=None, channel=[], hedge=None, qualifier=None,
                 vague=False, negated=False, time_scope=None, time_start=None,
                 time_end=None, evidence=TEXT, quote=quote, start=start,
                 end=start + len(quote), sentence_start=0)


def test_read_brat_skips_malformed_lines() -> None:
    rels = _article().attributions
    assert len(rels) == 3
    assert rels[0].source is not None and rels[0].source.text == "Senator Ana Ruiz"
    assert rels[2].cue is None


def test_nested_reports_credit_every_source_that_holds_the_figure() -> None:
    at = TEXT.index("40 missing")
    gold = gold_sources(_article(), at, at + 10)
    assert gold is not None and "the Harbor Times" in gold and "Senator Ana Ruiz" in gold


def test_a_pronoun_source_stands_for_the_named_one_before() -> None:
    at = TEXT.index("$2 million")
    assert gold_sources(_article(), at, at + 10) == ["Senator Ana Ruiz"]


def test_names_match_on_a_shared_content_word() -> None:
    assert names_source("Ruiz", None, ["Senator Ana Ruiz"])
    assert names_source(None, "senator", ["Senator Ana Ruiz"])
    assert not names_source("the city", None, ["Senator Ana Ruiz"])
    assert not names_source(None, None, ["Senator Ana Ruiz"])


def test_score_counts_right_empty_and_unnamed_claimers() -> None:
    result = Score()
    score_claims(_article(), [_claim("40 missing laptops", "Harbor Times"),
                              _claim("$2 million", "Ana Ruiz"),
                              _claim("40 missing", None),
                              _claim("missing laptops", "which")], result)
    assert (result.claims, result.right, result.empty, result.bad) == (4, 2, 1, 1)
    assert len(result.mismatches) == 2


def test_the_benchmark_skips_cleanly_without_shared_data(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "polnear.py"),
                          "--shared", str(tmp_path)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 2 and "absent" in run.stderr


def test_polnear_dev_articles_score(shared_dir: Path) -> None:
    from claimledger.claims import ClaimExtractor
    from claimledger.records import Document

    folder = shared_dir / "data" / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: PolNeAR is not in this shared checkout")
    articles = load_split(folder)[:3]
    result = Score()
    docs = [Document(id=n, source=a.name, url=None, title=None, outlet=None, published=None,
                     published_source="unknown", language="en", duplicate_of=None,
                     story=None, text=a.text) for n, a in enumerate(articles)]
    for article, (claims, _s) in zip(articles, ClaimExtractor().extract_many(docs),
                                     strict=True):
        score_claims(article, claims, result)
    assert result.bad == 0
    assert result.claims == result.right + len(result.mismatches)
