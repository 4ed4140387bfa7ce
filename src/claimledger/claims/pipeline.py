"""Claim extraction: cheap sentence split, full parse only where a number (or a stance) is.

A report is split into sentences by a regex pass; only sentences holding a digit, a
number word or an accusation/denial verb go through the full spaCy pipeline with the
``cl_*`` components. The other sentences get the entity recogniser alone, which is all
attribution needs from them (who was named, in what role, so "He believes ..." and
"Shin" resolve to the right person). Report-level context (actor names, persons, the
direction of earlier claims) is applied afterwards, in text order.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimledger.claims import components, stances
from claimledger.claims.actors import ActorNormaliser
from claimledger.claims.components.attribution import describe
from claimledger.claims.components.items import (
    CARGO,
    DEMONYM_SHAPE,
    MOTION,
    TRANSFER,
    directions,
)
from claimledger.claims.model import Candidate, candidates, info
from claimledger.claims.numbers import has_number
from claimledger.claims.quotes import Quote, find_quotes, quote_at
from claimledger.claims.speakers import PRONOUN_KIND, GenderBook, is_speaker_name
from claimledger.claims.timescope import resolve
from claimledger.geo import gazetteer
from claimledger.nlp import load_nlp
from claimledger.records import Claim, Document, Stance

MAX_SENTENCE_CHARS = 2_000
MAX_DOCUMENT_CHARS = 400_000
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc",
    "inc", "corp", "co", "ltd", "jr", "sr", "prof", "capt", "maj", "sgt", "adm", "u.s",
    "u.k", "u.n", "e.g", "i.e", "approx", "est", "fig", "vol", "pp", "p", "cf", "al",
})
# "TARROW, March 12 (Meridian) – ", "SEOUL: ": the place and agency a wire story opens with
# are no part of its first sentence (the parser would take the city for the subject)
# (a date or an agency is required: "ALSO READ – " is a teaser, not a dateline)
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+){0,3}"
    r"(?:(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:\s*\([^()\n]{1,40}\))?|\s*\([^()\n]{1,40}\))\s*(?:[–—-]+|:)"
    # "SAN JOSE, Costa Rica — ": a city in capitals, its country or state, a long dash
    r"|,\s*[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?){0,2}\s*[–—]"
    # "WASHINGTON — The": a city alone before an em dash and a new sentence (teasers use
    # "–" or "-"; "NATO — the alliance — said" goes on in lower case)
    r"|\s*—(?=\s+[A-Z\"“]))\s+(?=\S)"
)
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LEAD = re.compile(r"^[\s•·▪●◦*>#|–—-]+")
_TITLES = re.compile(
    r"^(?:(?:defen[cs]e|foreign|prime|deputy|vice|former|then)\s+)*"
    r"(?:minister|president|secretary|general|gen\.|spokesman|spokeswoman|spokesperson|"
    r"lawmaker|senator|sen\.|leader|chairman|director|dr\.|mr\.|mrs\.|ms\.|chief|ambassador|"
    r"commander|official|analyst|professor|prof\.|governor|mayor|king|queen|premier)\s+",
    re.IGNORECASE,
)


# sentences that move something between actors set the report's direction for later
# figures ("the North has supplied Russia ... about one million shells have been sent")
_TRANSFER_GATE = re.compile(
    r"\b(?:suppl|shipp?|sen[dt]|deliver|transferr?|export|sold|sell|transport|smuggl)\w*",
    re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: line breaks, then end punctuation."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lead = _LEAD.match(line)
        offset = lead.end() if lead else 0
        body_end = len(line.rstrip())
        start = offset
        dateline = _DATELINE.match(line, start)
        if dateline is not None and dateline.end() < body_end:
            start = dateline.end()
        if start < body_end:
            for m in _SPLIT.finditer(line, start, body_end):
                word = re.search(r"(\S+)$", line[start:m.start()])
                last = word.group(1).rstrip(".!?\"”’)]").lower() if word else ""
                if last in _ABBREV or re.fullmatch(r"[a-z]", last) or re.fullmatch(
                        r"(?:[a-z]\.)+[a-z]?", last) or (
                        re.fullmatch(r"\(?\d{1,2}[.)]?", line[start:m.start()].strip())):
                    continue
                spans.append((pos + start, pos + m.start()))
                start = m.end()
            if start < body_end:
                spans.append((pos + start, pos + body_end))
        pos += len(line) + 1
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s, s + MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut + 1
        if e > s:
            out.append((s, e))
    return out


def build_pipeline(nlp: Language | None = None) -> Language:
    """The model with the ``cl_*`` components added after its own (once)."""
    nlp = nlp if nlp is not None else load_nlp()
    for name in components.NAMES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@dataclass
class _Report:
    """What one report has told us so far, for cross-sentence resolution."""

    names: ActorNormaliser = field(default_factory=ActorNormaliser)
    persons: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    titles: dict[str, set[str]] = field(default_factory=dict)  # person -> title heads
    directions: list[tuple[str | None, str | None, str | None]] = field(default_factory=list)

    def person(self, name: str) -> str:
        """A surname or a titled name resolved to the full name seen in the report."""
        bare = re.sub(r"['’]s$", "", _TITLES.sub("", name).strip())
        parts = bare.replace("-", " ").lower().split()
        if len(parts) == 1:
            for full in self.persons:
                if not is_speaker_name(full):
                    continue  # "Obama Says", a headline's verb caught in the name
                tokens = full.replace("-", " ").lower().split()
                if len(tokens) >= 2 and parts[0] in (tokens[0], tokens[-1]):
                    return re.sub(r"['’]s$", "", full)
        return bare or name

    def role(self, text: str) -> str | None:
        return self.roles.get(_role_key(text))

    def titled(self, text: str, evidence: str, recent: list[str]) -> str | None:
        """ "..., the Republican senator said": a definite role with no name means the
        person named last (of those this report gave that title) -- never "a senator"."""
        words = _role_key(text).split()
        definite = text.strip().lower().startswith("the ") or re.search(
            r"\bthe\s+" + re.escape(text.strip()), evidence, re.IGNORECASE)
        if not words or len(words) > 4 or not definite:
            return None
        head = _TITLE_WORDS.get(words[-1].rstrip("."), words[-1].rstrip("."))
        if head not in _TITLE_WORDS.values():
            return None
        return next((p for p in reversed(recent) if head in self.titles.get(p, ())), None)


# titles a report gives one person ("Sen. Ana Ruiz", "Ruiz, a Republican senator") and
# later uses alone ("the senator said"), with their abbreviations
_TITLE_WORDS: dict[str, str] = {
    "sen": "senator", "senator": "senator", "rep": "representative",
    "representative": "representative", "congressman": "congressman",
    "congresswoman": "congresswoman", "gov": "governor", "governor": "governor",
    "mayor": "mayor", "president": "president", "minister": "minister",
    "secretary": "secretary", "spokesman": "spokesman", "spokeswoman": "spokeswoman",
    "spokesperson": "spokesperson", "lawyer": "lawyer", "attorney": "attorney",
    "judge": "judge", "prosecutor": "prosecutor", "sheriff": "sheriff", "chief": "chief",
    "director": "director", "chairman": "chairman", "chairwoman": "chairwoman",
    "speaker": "speaker", "ambassador": "ambassador", "commissioner": "commissioner",
    "marshal": "marshal", "premier": "premier", "chancellor": "chancellor",
}
# (only the title is read without case: "the mayor met with John Smith" titles nobody)
_TITLE = r"((?i:" + "|".join(sorted(_TITLE_WORDS, key=len, reverse=True)) + r"))"
_TITLE_BEFORE = re.compile(r"\b" + _TITLE + r"\.?\s+(?:[A-Z][\w.'’-]*\s+){0,2}$")
# ("Smith, a longtime critic of the governor," is no governor)
_TITLE_AFTER = re.compile(r"^,\s+(?i:a|an|the)\s+(?:(?!(?i:of|who|that|for|to)\s)[\w.'’-]+\s+)"
                          r"{0,4}?" + _TITLE + r"\b")


def _note_titles(report: _Report, sdoc: Doc) -> None:
    """Which titles the sentence gives its persons: "Sen. Ana Ruiz", "Ruiz, a senator"."""
    text = sdoc.text
    for ent in sdoc.ents:
        if ent.label_ not in ("PERSON", "ORG") or not ent.text[:1].isupper():
            continue
        found = [m.group(1) for m in (_TITLE_BEFORE.search(text[max(0, ent.start_char - 40):
                                                                 ent.start_char]),
                                       _TITLE_AFTER.match(text[ent.end_char:ent.end_char + 80]))
                 if m is not None]
        if found:
            name = report.person(ent.text.strip())
            report.titles.setdefault(name, set()).update(
                _TITLE_WORDS[f.lower().rstrip(".")] for f in found)


def _role_key(text: str) -> str:
    key = " ".join(text.replace("’", "'").lower().split())
    key = re.sub(r"defence", "defense", key)
    return re.sub(r"^(?:the|a|an)\s+", "", key)


class ClaimExtractor:
    """Quantitative claims and stances from stored documents."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = build_pipeline(nlp)
        self._ner_only = self._light_disable()

    def _light_disable(self) -> list[str]:
        """Pipes to switch off for sentences that only need their entities."""
        if "ner" not in self.nlp.pipe_names:
            return []
        keep = {"ner"}
        if "tok2vec" in self.nlp.pipe_names:
            listeners = getattr(self.nlp.get_pipe("tok2vec"), "listening_components", [])
            if "ner" in listeners:
                keep.add("tok2vec")
        return [p for p in self.nlp.pipe_names if p not in keep]

    def extract(self, doc: Document) -> tuple[list[Claim], list[Stance]]:
        return next(self.extract_many([doc]))

    def extract_many(self, docs: Iterable[Document], n_process: int = 1,
                     batch_size: int = 64) -> Iterator[tuple[list[Claim], list[Stance]]]:
        if n_process > 1:
            yield from _parallel(docs, n_process, batch_size)
            return
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size)

    def _batch(self, docs: list[Document], batch_size: int
               ) -> Iterator[tuple[list[Claim], list[Stance]]]:
        # Every new word a report brings would stay in the model's vocabulary for good: on a
        # month of news that is tens of MB. A memory zone frees what the batch added; the
        # claims it yields hold plain strings and numbers only, so nothing points into it.
        with self.nlp.memory_zone():
            results = list(self._parse_batch(docs, batch_size))
        yield from results

    def _parse_batch(self, docs: list[Document], batch_size: int
                     ) -> Iterator[tuple[list[Claim], list[Stance]]]:
        full: list[tuple[int, int, int]] = []
        light: list[tuple[int, int, int]] = []
        for k, doc in enumerate(docs):
            text = doc.text[:MAX_DOCUMENT_CHARS]
            for s, e in split_sentences(text):
                chunk = text[s:e]
                (full if has_number(chunk) or stances.GATE.search(chunk) or
                 _TRANSFER_GATE.search(chunk) else light).append((k, s, e))
        parsed: dict[tuple[int, int], Doc] = {}
        texts = [docs[k].text[s:e] for k, s, e in full]
        for (k, s, _e), sdoc in zip(full, self.nlp.pipe(texts, batch_size=batch_size),
                                    strict=True):
            parsed[(k, s)] = sdoc
        texts = [docs[k].text[s:e] for k, s, e in light]
        with self.nlp.select_pipes(disable=self._ner_only):
            for (k, s, _e), sdoc in zip(light, self.nlp.pipe(texts, batch_size=batch_size),
                                        strict=True):
                parsed[(k, s)] = sdoc
        for k, doc in enumerate(docs):
            sentences = sorted((s, d) for (kk, s), d in parsed.items() if kk == k)
            yield _assemble(doc, sentences)


def _parallel(docs: Iterable[Document], n_process: int, batch_size: int
              ) -> Iterator[tuple[list[Claim], list[Stance]]]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n_process, initializer=_init_worker) as pool:
        yield from pool.imap(_work, docs, chunksize=max(1, batch_size // 8))


_WORKER: ClaimExtractor | None = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = ClaimExtractor()


def _work(doc: Document) -> tuple[list[Claim], list[Stance]]:
    assert _WORKER is not None
    return _WORKER.extract(doc)


def _assemble(doc: Document, sentences: list[tuple[int, Doc]]
              ) -> tuple[list[Claim], list[Stance]]:
    report = _Report()
    for _s, sdoc in sentences:
        data = info(sdoc) if sdoc._.cl_info is not None else None
        ents_persons = [e.text.strip() for e in sdoc.ents if e.label_ == "PERSON"
                        and len(e.text.split()) >= 2]
        for p in (data.persons if data else []) + ents_persons:
            if p not in report.persons:
                report.persons.append(p)
        for e in sdoc.ents:
            if e.label_ in ("GPE", "ORG", "LOC") and len(e.text.split()) <= 4:
                norm = report.names.normalise(e.text)
                if norm:
                    report.names.observe(norm)
        if data:
            for role, person in data.roles.items():
                report.roles.setdefault(_role_key(role), person)
        _note_titles(report, sdoc)
    claims: list[Claim] = []
    found_stances: list[Stance] = []
    last_person: str | None = None
    last_org: str | None = None
    last_group: str | None = None  # the body or group a later "they" means
    previous: list[Claim] = []  # the claims of the sentence just before
    book = GenderBook()
    recent: list[str] = []  # persons in the order the report names them
    # persons who spoke or led a sentence as its subject, most recent last: "he" means one
    # of them before anyone the report merely named
    speakers: list[str] = []
    before_persons: list[str] = []  # the persons the sentence before named
    quotes = find_quotes(doc.text[:MAX_DOCUMENT_CHARS])
    surnames = {p.split()[-1] for p in report.persons if len(p.split()) >= 2
                and is_speaker_name(p) and p.split()[-1][:1].isupper()}
    for s, sdoc in sentences:
        here: list[Claim] = []
        outside = [e for e in _person_mentions(sdoc, surnames) if quote_at(
            quotes, s + e.start_char, s + e.end_char) is None]
        book.observe(sdoc.text, [(report.person(e.text.strip()), e.start_char)
                                 for e in sdoc.ents if e.label_ == "PERSON"])
        evidence = sdoc.text
        if sdoc.has_annotation("DEP"):
            # the sentence's own flows first: "the traffic from X to Y, ... 3,900 trucks had
            # made the crossing" fills its figure from the same sentence
            for subj, rec in directions(sdoc, report.names):
                report.directions.append((None, subj, rec))
        cands = candidates(sdoc) if sdoc._.cl_candidates is not None else []
        spoke = _speakers_in(sdoc, outside)
        # "Weaver says he expects": a speaker the sentence names before its pronoun
        pronoun_at = next((m.start() for m in re.finditer(r"\b(?:[Hh]e|[Ss]he)\b", evidence)),
                          len(evidence))
        here_speakers = speakers + [report.person(w) for at, w in spoke if at < pronoun_at
                                    and w not in ("he", "she")]
        for cand in cands:
            if cand.partitive and cand.item_lemma is None:
                _borrow_group(cand, previous + here)
            speaker = last_org if cand.claimer_pronoun == "it" else last_group if (
                cand.claimer_pronoun == "they") else _agreeing(
                cand.claimer_pronoun, last_person, recent, book, here_speakers)
            claim = _to_claim(doc, report, cand, s, evidence, speaker, len(claims) + 1,
                              recent)
            if claim is not None:
                if cand.claimer is None and cand.claimer_pronoun in ("they", "it"):
                    # a "they" inside a quotation is the speaker's own side: the speaker;
                    # an "it" there ("it's fair to say that") is no body of the report
                    claim.claimer = _quoted_by(quotes, claim, report, last_person, recent,
                                               book, last_org, speakers) or claim.claimer
                if claim.claimer is None:
                    claim.claimer = _quoted_by(quotes, claim, report, last_person, recent,
                                               book, last_org, speakers)
                if claim.claimer is None:
                    who = _opening_subject(sdoc, quotes, claim, s)
                    if who is not None:
                        pronoun = who.lower()
                        claim.claimer = (
                            _agreeing(pronoun, last_person, recent, book, here_speakers)
                            if pronoun in ("he", "she") else last_org if pronoun == "it"
                            else last_group if pronoun == "they" else report.person(who))
                        if claim.claimer is not None and not is_speaker_name(claim.claimer):
                            claim.claimer = None
                _continue_attribution(claim, cand, previous)
                claims.append(claim)
                here.append(claim)
                if claim.claimer and (claim.claimer in report.persons or (
                        claim.claimer_role and len(claim.claimer.split()) >= 2)):
                    # "Saltria's defence minister, Hanno Velk, ...": the tagger may not call
                    # him a PERSON, but a later "He said" still means him
                    last_person = claim.claimer
                elif claim.claimer and _is_group(claim.claimer):
                    last_group = claim.claimer
        previous = here
        if sdoc.has_annotation("DEP") and stances.GATE.search(evidence):
            for kind, actors, target, a, b in stances.find(sdoc, report.names):
                found_stances.append(Stance(
                    id=f"{doc.id}-s{len(found_stances) + 1}", document=doc.id, actors=actors,
                    stance=kind,  # type: ignore[arg-type]
                    target=target, evidence=evidence, start=s + a, end=s + b))
        for _at, who in spoke:
            name = _agreeing(who, last_person, recent, book, speakers) if who in (
                "he", "she") else report.person(who)
            if name is not None:
                if name in speakers:
                    speakers.remove(name)
                speakers.append(name)
        # "Then came Bob Menendez's response. He accused Trump of ...": a sentence led by
        # "he" or "she" goes on about the one fitting person the sentence before named,
        # who leads it now, whoever else it names
        lead = _LEADING_PRONOUN.match(evidence)
        held = next((p for p in before_persons if book.fits(lead.group(1).lower(), p)),
                    None) if lead and len(before_persons) == 1 else None
        if held is not None:
            if held in speakers:
                speakers.remove(held)
            speakers.append(held)
        # a person named inside a quotation is what the speaker talks about
        persons = [e.text.strip() for e in outside]
        if persons:
            # the first person a sentence names is most often its subject, whom a later
            # "he said" continues; the last is often someone the sentence is about
            last_person = held or report.person(persons[0])
            recent.extend(report.person(p) for p in persons)
        before_persons = [report.person(p) for p in dict.fromkeys(persons)]
        orgs = [e.text for e in sdoc.ents if e.label_ == "ORG" and (len(e) > 1 or e.text.isupper())]
        if orgs:
            last_org = _clean_org(orgs[-1])
        groups = [_clean_org(e.text) for e in sdoc.ents if (e.label_ == "ORG" and (
            len(e) > 1 or e.text.isupper())) or (e.label_ == "NORP" and e[-1].tag_ in (
                "NNPS", "NNS"))]
        if groups:
            last_group = groups[0]
    return claims, found_stances


# a speech cue right after a name ('Ruiz, a spokeswoman, said', 'Ruiz also told') or right
# before it ('said Sen. Ana Ruiz', 'according to Ruiz')
_CUE_WORDS = (r"said|says|say|told|tells|added|adds|noted|notes|wrote|writes|explained|argued|"
              r"argues|insisted|insists|asked|asks|stated|states|tweeted|tweets|replied|"
              r"responded|warned|warns|predicted|claimed|claims|acknowledged|conceded|admitted|"
              r"announced|estimated|estimates|believes|believed|suggested|suggests|contended|"
              r"testified|recalled|continued|pointed out|points out|emphasized|stressed|"
              r"countered|complained|cautioned|urged|urges|thinks|thought|reported|reports")
_CUE_AFTER = re.compile(r"^(?:\s*\([^()]{1,30}\))?(?:\s+(?:of|from|at)\s+[A-Z][^,;“”\"]{1,60}?)?"
                        r"\s*(?:,[^“”\"]{1,120}?,)?\s*(?:(?:\w+ly|also|"
                        r"further|then|later|has|had|have|would|will|once|again)\s+){0,2}(?:"
                        + _CUE_WORDS + r")\b")
_CUE_BEFORE = re.compile(r"\b(?:" + _CUE_WORDS + r"|according to)\s+(?:[A-Z][\w.’'-]*\s+){0,3}$")
# a person opening the sentence, after at most a short framing phrase ("On Monday, Ruiz")
_LEADS = re.compile(r"^(?:[^,“”\"]{0,40},\s*){0,2}(?:[A-Z0-9][\w.’'-]*\s+){0,3}$")
_PRONOUN_CUE = re.compile(r"(?:^|[,”\"]\s*|\s)(?P<who>[Hh]e|[Ss]he)\s+(?:(?:\w+ly|also|further|"
                          r"then|later|has|had|would|will)\s+){0,2}(?:" + _CUE_WORDS + r")\b")


_FRAME_END = re.compile(r"(?:^|\s)(?:[Oo]n|[Ii]n|[Aa]t|[Ff]rom|[Bb]y|[Ww]ith|[Ff]or|[Vv]ia|"
                        r"[Tt]hrough|[Ll]ike|[Uu]nlike|[Aa]gainst|[Tt]o|[Oo]f)\s+$")


def _person_mentions(sdoc: Doc, surnames: set[str]) -> list[Span]:
    """The persons a sentence names: its PERSON entities, and the surname of a person the
    report names in full wherever the tagger called it something else ("Sanders" as an
    organisation) or nothing."""
    out = [e for e in sdoc.ents if e.label_ == "PERSON"]
    taken = {t.i for e in sdoc.ents for t in e}
    aged = {t.i for e in sdoc.ents if e.label_ == "ORG" and len(e) <= 3 for t in e}
    for tok in sdoc:
        # "Noah Nathan, 47, lives nearby": a name with an age beside it is a person, whatever
        # the tagger made of it without the rest of the report
        if (tok.i in taken and tok.i not in aged) or not (tok.i + 3 < len(sdoc) and tok.is_title and
                                  tok.pos_ == "PROPN" and sdoc[tok.i + 1].text == "," and
                                  sdoc[tok.i + 2].text.isdecimal() and
                                  int(sdoc[tok.i + 2].text) < 120 and
                                  sdoc[tok.i + 3].text == ","):
            continue
        start = tok.i
        while start > 0 and tok.i - start < 3 and sdoc[start - 1].is_title and \
                sdoc[start - 1].pos_ == "PROPN" and (start - 1 not in taken or
                                                     start - 1 in aged):
            start -= 1
        if start < tok.i:
            out.append(sdoc[start:tok.i + 1])
            taken.update(range(start, tok.i + 1))
    for tok in sdoc:
        if tok.text in surnames and (tok.i not in taken or any(
                e.label_ != "PERSON" and len(e) == 1 and e.start == tok.i for e in sdoc.ents)):
            out.append(sdoc[tok.i:tok.i + 1])
    return sorted(out, key=lambda e: e.start)


def _speakers_in(sdoc: Doc, persons: list[Span]) -> list[tuple[int, str]]:
    """Who speaks or leads the sentence, in text order: persons named beside a speech
    cue or opening the sentence, and "he"/"she" before a cue (the caller resolves them)."""
    text = sdoc.text
    found: list[tuple[int, str]] = []
    for ent in persons:
        after = text[ent.end_char:ent.end_char + 120]
        before = text[max(0, ent.start_char - 60):ent.start_char]
        lead = text[:ent.start_char]
        if _CUE_AFTER.match(after) or _CUE_BEFORE.search(before) or (
                _LEADS.match(lead) and re.match(r"\s*(?:,|\s[a-z])", after)
                and not re.match(r"\s+(?:and|or)\b", after)
                # "On Twitter, others wrote": the object of a framing phrase leads nothing
                and not _FRAME_END.search(lead)):
            found.append((ent.start_char, ent.text.strip()))
    for m in _PRONOUN_CUE.finditer(text):
        found.append((m.start("who"), m.group("who").lower()))
    return sorted(found)


_LEADING_PRONOUN = re.compile(r"\s*[\"“]?([Hh]e|[Ss]he)\b")

_REVERSE = re.compile(r"\b(?:the other way|(?:in )?the (?:other|opposite|reverse) direction)\b",
                      re.IGNORECASE)


def _continue_attribution(claim: Claim, cand: Candidate, previous: list[Claim]) -> None:
    """ "Shin estimated roughly 6,700 containers have been sent. The containers could hold
    around 3 million rounds." The second figure, with no speaker of its own, is about the
    same containers the sentence just before attributed: it continues that account."""
    if claim.claimer is not None or cand.claimer_pronoun is not None:
        return
    if not cand.refers_to:
        _continue_poll(claim, previous)
        return
    source = next((c for c in reversed(previous)
                   if c.item_lemma == cand.refers_to and c.claimer), None)
    if source is not None:
        claim.claimer, claim.claimer_role = source.claimer, source.claimer_role
        claim.channel = list(source.channel)


def _borrow_group(cand: Candidate, earlier: list[Claim]) -> None:
    """ "Four officers were involved. Three of them worked full time": a part of a group
    counts what the last count before it counts (in this sentence or the one before)."""
    group = next((c for c in reversed(earlier) if c.item_lemma and c.unit is None
                  and c.value is not None and cand.quantity.value is not None
                  and c.value >= cand.quantity.value), None)
    if group is not None:
        cand.item, cand.item_lemma = group.item, group.item_lemma


_SPEAKER_RECALL = 6  # how many speakers back "he" may reach



def _agreeing(pronoun: str | None, last_person: str | None, recent: list[str],
              book: GenderBook, speakers: list[str] | None = None) -> str | None:
    """The person "he" or "she" means: the last speaker or subject whose gender fits
    (somebody who said something outranks somebody merely named after them); else the
    last one named, unless the report has shown that person to be of the other gender;
    then the nearest earlier one who fits."""
    if pronoun in ("he", "she") and speakers:
        spoke = next((p for p in reversed(speakers[-_SPEAKER_RECALL:])
                      if book.fits(pronoun, p)), None)
        if spoke is not None:
            return spoke
    if pronoun not in ("he", "she") or last_person is None:
        return last_person
    if book.fits(pronoun, last_person):
        return last_person
    return next((p for p in reversed(recent) if book.fits(pronoun, p)), None)


def _opening_subject(sdoc: Doc, quotes: list[Quote], claim: Claim, s: int) -> str | None:
    """ "Ruiz has since apologized: "I should have used two accounts ...": a quotation
    that names no speaker but opens after a colon in the claim's own sentence is the words
    of that sentence's subject (a name, a noun phrase or a pronoun for the caller)."""
    quote = quote_at(quotes, claim.start, claim.end)
    if quote is None or quote.speaker is not None or not s <= quote.start < claim.start:
        return None
    if not sdoc.has_annotation("DEP") or not sdoc.text[:quote.start - s].rstrip().endswith(":"):
        return None
    opening = sdoc.char_span(quote.start - s, quote.start - s + 1, alignment_mode="expand")
    if opening is None:
        return None
    # the first subject of a verb before the quotation (the parser may hang the lead-in
    # clause off a verb inside the quotation)
    subj = next((t for t in sdoc[:opening.start] if t.dep_ in ("nsubj", "nsubjpass")
                 and t.head.i < opening.start and t.head.pos_ in ("VERB", "AUX")), None)
    if subj is None:
        return None
    name, _role, pronoun = describe(subj)
    return pronoun if name is None else name


def _quoted_by(quotes: list[Quote], claim: Claim, report: _Report, last_person: str | None,
               recent: list[str], book: GenderBook, last_org: str | None,
               speakers: list[str] | None = None) -> str | None:
    """The speaker of the quotation that holds a claim with no claimer of its own."""
    quote = quote_at(quotes, claim.start, claim.end)
    if quote is None or quote.speaker is None:
        return None
    who = quote.speaker.strip()
    kind = PRONOUN_KIND.get(who.lower())
    if kind in ("male", "female"):
        return _agreeing(who.lower(), last_person, recent, book, speakers)
    if kind is not None:
        return last_org if kind == "thing" else None
    titled = report.titled(who, "", recent)
    if titled is not None:
        # '"...," the Republican senator said': the person, in the role the report gave
        claim.claimer_role = claim.claimer_role or re.sub(r"^(?:the|a|an)\s+", "", who,
                                                          flags=re.IGNORECASE)
        return titled
    who = _clean_org(who)
    return report.person(who) if is_speaker_name(who) else None


_POLL = re.compile(r"\b(?:poll|survey)s?$", re.IGNORECASE)


_SHARE_UNITS = frozenset({"%", "percent"})


def _continue_poll(claim: Claim, previous: list[Claim]) -> None:
    """ "A Harbor poll has Ruiz at 48 percent. Okafor trails with 41 percent." Shares that
    follow a poll's figures, naming no source of their own, are the same poll's results."""
    if claim.unit not in _SHARE_UNITS:
        return
    source = next((c for c in reversed(previous) if c.claimer and _POLL.search(c.claimer)
                   and c.unit in _SHARE_UNITS), None)
    if source is not None:
        claim.claimer, claim.claimer_role = source.claimer, source.claimer_role
        claim.channel = list(source.channel)


def _is_group(name: str) -> bool:
    """ "officials", "Senate Republicans", "the campaign": a body or a group, not one person."""
    last = name.split()[-1]
    return last.lower().endswith("s") and not last.endswith(("'s", "’s")) and (
        last[:1].islower() or last.endswith(("ans", "ats", "ers", "ists")))


def _clean_org(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()), flags=re.IGNORECASE)


def _is_claim(cand: Candidate) -> bool:
    q = cand.quantity
    if q.reason is not None or cand.temporal or cand.source:
        return False
    if cand.predicate is None:
        return False
    return cand.item_lemma is not None or q.unit is not None


def _to_claim(doc: Document, report: _Report, cand: Candidate, s: int, evidence: str,
              speaker: str | None, n: int, recent: list[str] | None = None) -> Claim | None:
    if not _is_claim(cand):
        return None
    q = cand.quantity
    claimer, role = cand.claimer, cand.claimer_role
    if claimer is None and cand.claimer_pronoun in ("he", "she", "it", "they"):
        claimer = speaker  # the last person named, or for "it" the last organisation
    if claimer is not None:
        mapped = report.role(claimer) or report.titled(claimer, evidence, recent or [])
        if mapped is not None:
            claimer, role = mapped, role or claimer
        else:
            claimer = report.person(claimer)
        if role is not None:
            role = " ".join(role.split())
        if not is_speaker_name(claimer):
            claimer, role = None, None
    if cand.origin is not None and cand.subject == cand.origin:
        # "5,000 Velmoran trucks": only a demonym of a name the report uses is an actor
        resolved = (cand.origin in gazetteer().names.values()
                    or not DEMONYM_SHAPE.search(cand.origin))
        subject = report.names.demonym(cand.origin) or (
            report.names.normalise(cand.origin) if resolved else None)
    else:
        subject = report.names.normalise(cand.subject)
    recipient = report.names.normalise(cand.recipient)
    if subject is None and recipient is None and cand.refers_to:
        for item, subj, rec in reversed(report.directions):
            if item == cand.refers_to:
                subject, recipient = subj, rec
                break
    transfer = cand.predicate in TRANSFER or cand.predicate in MOTION or cand.predicate in CARGO
    if transfer and _REVERSE.search(evidence) and (subject is None or recipient is None):
        # "5,000 trucks had gone the other way": the report's flow, turned round
        for _i, sj, rc in reversed(report.directions):
            if sj is None or rc is None or (subject, recipient) not in (
                    (None, None), (rc, None), (None, sj)):
                continue
            subject, recipient = rc, sj
            break
    if transfer and subject is None and recipient is None:
        subject, recipient = next(((sj, rc) for _i, sj, rc in reversed(report.directions)
                                   if sj is not None and rc is not None), (None, None))
    if transfer and subject is None and recipient is not None:
        subject = next((sj for _i, sj, rc in reversed(report.directions)
                        if rc == recipient and sj is not None), None)
    if transfer and recipient is None and subject is not None:
        recipient = next((rc for _i, sj, rc in reversed(report.directions)
                          if sj == subject and rc is not None), None)
    if cand.item_lemma is not None:
        report.directions.append((cand.item_lemma, subject, recipient))
    quote_end = max(q.end, cand.item_end or q.end)
    time_start, time_end = resolve(cand.time_scope, doc.published)
    return Claim(
        id=f"{doc.id}-{n}", document=doc.id, value=q.value, low=q.low, high=q.high,
        unit=q.unit, item=cand.item or cand.measured, item_lemma=cand.item_lemma,
        subject=subject,
        recipient=recipient, predicate=cand.predicate, claimer=claimer, claimer_role=role,
        channel=list(cand.channel), hedge=cand.hedge, qualifier=q.qualifier or cand.qualifier,
        vague=q.vague,
        negated=cand.negated, time_scope=cand.time_scope, time_start=time_start,
        time_end=time_end if time_start else None, evidence=evidence,
        quote=doc.text[s + q.start:s + quote_end], start=s + q.start, end=s + quote_end,
        sentence_start=s, story=doc.story, owner=cand.owner or subject,
        figure_kind=cand.figure_kind,
    )
