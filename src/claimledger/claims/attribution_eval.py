"""Score claimers against hand-annotated attributions (PolNeAR's brat stand-off files).

PolNeAR (Newell et al., LREC 2018) marks, in real political news, every attribution's
Source, Cue and Content spans. A claim whose figure lies inside an annotated Content span
has a gold speaker: that span's Source. A claimer is right when it names that source
(a shared content word: "Trump" names "Donald Trump", "official" names "a senior
official"). Reports relay reports, so every attribution whose Content holds the figure
counts: the innermost asserting source and the relaying ones are all accepted.

Gold sources that are pronouns ("he said") stand for the person the article named
before; they are read as the nearest earlier named gold source whose gender or number
fits, which is what a reader (and our resolver) has to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.claims.speakers import PRONOUN_KIND, is_speaker_name
from claimledger.records import Claim

# words that name nobody: a claimer and a source sharing only these do not match
_STOP = frozenset({
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "for", "to", "by", "from", "with",
    "s", "his", "her", "its", "their", "our", "this", "that", "these", "those", "who", "which",
    "new", "u", "former", "some", "many", "other", "one", "two", "both", "all", "most",
})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Attribution:
    """One annotated relation: who (may be absent), the cue, and what is attributed."""

    content: list[Span]
    source: Span | None
    cue: Span | None

    def holds(self, start: int, end: int) -> bool:
        return any(s.start <= start and end <= s.end for s in self.content)

    @property
    def width(self) -> int:
        return sum(s.end - s.start for s in self.content)


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]


@dataclass
class Mismatch:
    article: str
    quote: str
    claimer: str | None
    gold: list[str]
    evidence: str


@dataclass
class Score:
    """Claimer accuracy over claims whose figure lies in an annotated Content span."""

    claims: int = 0
    right: int = 0
    empty: int = 0
    bad: int = 0  # claimers that are a figure, a pronoun or a fragment
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.claims if self.claims else 0.0

    @property
    def empty_share(self) -> float:
        return self.empty / self.claims if self.claims else 0.0

    def format(self, title: str) -> str:
        return (f"{title}: {self.claims} claims in annotated content; claimer names the "
                f"source {self.accuracy:.3f} ({self.right}); empty {self.empty_share:.3f} "
                f"({self.empty}); figure/pronoun/fragment claimers {self.bad}")


def _spans(field_text: str, text: str) -> list[Span]:
    """ "12 20;25 30" (brat's discontinuous offsets) -> spans over the article text."""
    out = []
    for part in field_text.split(";"):
        bits = part.split()
        if len(bits) == 2 and bits[0].isdigit() and bits[1].isdigit():
            a, b = int(bits[0]), int(bits[1])
            if 0 <= a < b <= len(text):
                out.append(Span(a, b, text[a:b]))
    return out


def read_brat(ann: str, text: str) -> list[Attribution]:
    """Attribution relations of one .ann file; malformed lines are skipped, not fatal."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0]:
            continue
        if cols[0].startswith("T"):
            kind, _, where = cols[1].partition(" ")
            spans[cols[0]] = (kind, _spans(where, text))
        elif cols[0].startswith("E"):
            roles = dict(p.split(":", 1) for p in cols[1].split() if ":" in p)
            relations.append(roles)
    out = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""), ("", []))[1]
        if not content:
            continue
        source = spans.get(roles.get("Source", ""), ("", []))[1]
        cue = spans.get(roles.get("Cue", ""), ("", []))[1]
        out.append(Attribution(content=content, source=source[0] if source else None,
                               cue=cue[0] if cue else None))
    return out


def load_split(folder: Path) -> list[Article]:
    """Articles of one PolNeAR split, each with its first annotator's relations."""
    articles = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8", errors="replace")
        rels = read_brat(anns[0].read_text(encoding="utf-8", errors="replace"), text)
        articles.append(Article(name=txt.stem, text=text, attributions=rels))
    return articles


def words(text: str | None) -> set[str]:
    """Content words of a name, folded: "the Clinton campaign's" -> {clinton, campaign}."""
    if not text:
        return set()
    tokens = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))
    return {t for t in tokens if t not in _STOP and len(t) > 1}


def names_source(claimer: str | None, role: str | None, gold: Iterable[str]) -> bool:
    """Whether the claimer (or its role) shares a content word with a gold source."""
    mine = words(claimer) | words(role)
    return bool(mine) and any(mine & words(g) for g in gold)


_RELATIVES = frozenset({"who", "which", "that", "whom"})


def _antecedent(article: Article, source: Span) -> str:
    """ "Mr. Leenders, who estimated ...": a relative source stands for the phrase before
    it, back to the previous clause boundary (at most eight words)."""
    before = article.text[max(0, source.start - 200):source.start].rstrip(" ,\u2014-")
    clause = re.split(r"[.;:!?\n(\u201c\"]", before)[-1]
    return " ".join(clause.split()[-8:])


def _resolve_pronoun(article: Article, source: Span) -> list[str]:
    """The nearest earlier named gold source a pronoun source can stand for."""
    if source.text.lower().strip() in _RELATIVES:
        return [_antecedent(article, source)]
    kind = PRONOUN_KIND.get(source.text.lower().strip())
    if kind is None:
        return [source.text]
    named = sorted((a.source for a in article.attributions if a.source is not None
                    and a.source.end <= source.start
                    and a.source.text.lower().strip() not in PRONOUN_KIND),
                   key=lambda s: s.start)
    if kind == "plural":
        return [s.text for s in named[-2:]]  # "they": a body or a group named before
    if kind in ("male", "female"):
        # a person is named without an article ("Ana Ruiz", not "the Harbor Times")
        people = [s for s in named if s.text[:1].isupper()
                  and s.text.split()[0].lower() not in ("the", "a", "an")]
        named = people or named
    return [s.text for s in named[-1:]]


def gold_sources(article: Article, start: int, end: int) -> list[str] | None:
    """Sources of every attribution whose Content holds [start, end); None when no
    attribution with a source holds it (the claim is not scored)."""
    holding = [a for a in article.attributions if a.holds(start, end) and a.source]
    if not holding:
        return None
    out: list[str] = []
    for a in holding:
        assert a.source is not None
        out.extend(_resolve_pronoun(article, a.source))
    return out


def score_claims(article: Article, claims: list[Claim], result: Score) -> None:
    """Add one article's claims to ``result``."""
    for claim in claims:
        gold = gold_sources(article, claim.start, claim.end)
        if gold is None:
            continue
        result.claims += 1
        if claim.claimer is None:
            result.empty += 1
        elif not is_speaker_name(claim.claimer):
            result.bad += 1
        if names_source(claim.claimer, claim.claimer_role, gold):
            result.right += 1
        else:
            result.mismatches.append(Mismatch(article.name, claim.quote, claim.claimer, gold,
                                              claim.evidence))
