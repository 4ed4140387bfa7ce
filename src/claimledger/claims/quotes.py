"""Quotations and who speaks them, across sentence boundaries.

A figure inside a quotation is asserted by the quotation's speaker, even when the
sentence that holds the figure names nobody: '"Things were bad. We lost 350,000 jobs,"
the governor said.' The speaker is named just outside the quotation, in the same
paragraph: after it ('," she said', '," said Ana Ruiz') or before it ('He added: "').
This works on the raw text (the sentences between are not parsed), so the cue words are
a small table and the name is whatever the sentence's entity recogniser saw there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the forms of verbs that introduce or close a quotation
_QUOTE_VERBS = (r"said|says|say|told|tells|added|adds|noted|notes|wrote|writes|explained|"
                r"explains|recalled|recalls|argued|argues|continued|continues|insisted|"
                r"insists|asked|asks|concluded|declared|stated|states|tweeted|tweets|"
                r"remarked|replied|responded|answered|warned|warns|pointed out|points out|"
                r"predicted|boasted|claimed|claims|joked|quipped|urged|complained|"
                r"acknowledged|conceded|admitted|announced|emphasized|stressed|went on|"
                r"reported|reports|responded|responds|admits|acknowledges|concedes|"
                r"announces|observed|observes|predicts|boasts|complains|jokes|declares|"
                r"posted|posts|texted|emailed|cautioned|cautions|countered|counters|"
                r"retorted|recounted|recounts|elaborated|mused|muses|testified")
# a speaker: a pronoun, or up to six words that may start with an article or a title
_WHO = (r"(?P<who>(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t)|"
        r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+)?"
        r"(?:[A-Z][a-z]{0,3}\.|[A-Za-z][\w’'-]*)"
        r"(?:\s+(?!(?:" + _QUOTE_VERBS + r")\b)(?:[A-Z][a-z]{0,3}\.|[A-Z]\.|[\w’'-]+)){0,5})")
_AFTER = re.compile(r"^[\s,—–-]*" + _WHO + r"\s+(?:" + _QUOTE_VERBS + r")\b")
# ('," said Paul H. Chipok, a lawyer'): a period after an initial or a title goes on the name
_AFTER_INVERTED = re.compile(r"^[\s,—–-]*(?:" + _QUOTE_VERBS +
                             r")\s+(?P<who>[A-Z](?:[^,.;:!?“”\"]|(?:(?<=\b[A-Z])|(?<=\bM[rs])|"
                             r"(?<=\bMrs)|(?<=\bDr)|(?<=\bSen)|(?<=\bRep)|(?<=\bGov))\.)"
                             r"{1,60}?)(?=\s*[,;:!?]|\s*\.(?<!\b[A-Z]\.)(?<!\bM[rs]\.)(?<!\bMrs\.)"
                             r"(?<!\bDr\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)|$)")
# ('," said one former county official.'): an unnamed speaker after an inverted cue
_AFTER_UNNAMED = re.compile(r"^[\s,—–-]*(?:" + _QUOTE_VERBS + r")\s+(?P<who>(?:an?|one|two|three|"
                            r"several|another|the)\s+[a-zA-Z][\w’'-]*(?:\s+[\w’'-]+){0,6}?)"
                            r"(?=\s*[,;.!?]|\s+(?:who|which|that)\b|$)")
# ('Ana Ruiz, who ran the campaign, said the plan "...'): an aside between name and cue
# ('"..." and against the law, Ruiz said.'): the sentence goes on, then closes on its cue
_AFTER_TAIL = re.compile(r"^[^“”\".!?]{1,80}?,\s*" + _WHO + r"\s+(?:" + _QUOTE_VERBS +
                         r")\b[^.“”\"]{0,40}?\.")
_BEFORE = re.compile(_WHO + r"(?:,[^,“”\"]{1,80},)?\s+(?:" + _QUOTE_VERBS +
                     r")\b[^.“”\"]{0,40}?[,:]?\s*$")
# 'Ruiz said on Monday. "We lost ...': a sentence closing on its cue opens the next quotation
_BEFORE_SENTENCE = re.compile(r"(?:^|[.!?”\"']\s+|,\s+)" + _WHO + r"\s+(?:" + _QUOTE_VERBS +
                              r")\b[^.“”\"]{0,60}?\.\s*$")
# ('," wrote the Ledger. "We ...'): an inverted cue closing the sentence before
_BEFORE_INVERTED = re.compile(r"[,”\"]\s*(?:" + _QUOTE_VERBS + r")\s+(?P<who>(?:[Tt]he\s+)?"
                              r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})\.\s*$")
# ('Fight for Fairness director Ana Ruiz told reporters. "We ...'): a name right before a
# cue of a sentence the short patterns above cannot reach back to
_BEFORE_NAME = re.compile(r"(?<![\w’'-])(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+(?:"
                          + _QUOTE_VERBS + r")\b[^.“”\"]{0,60}?\.\s*$")
# "Transcript as follows:", "Obama's word:", "She told reporters:": a paragraph ending on a
# cue or a colon hands its speaker to the quotation the next paragraph opens with
_LEAD_IN = re.compile(r"(?:^|[.!?”\"']\s+)" + _WHO + r"(?:\s+(?:" + _QUOTE_VERBS +
                      r")\b(?:[^.“”\"]|(?<=\d)\.(?=\d)){0,60}?[.:]|\s*(?:as follows)?:|['’]s word:)"
                      r"\s*$")
# a name for the wider lead-ins below: capitalised words, "the" before them, a document
# word after them ("the Harbor Institute website")
_NAME = (r"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w.’'-]*\s+(?:of\s+)?){0,4}[A-Z][\w.’'-]*"
         r"(?:\s+(?:website|campaign|report|statement|study|blog|editorial|board))?)")
_LEAD_CUES = (_QUOTE_VERBS + r"|reported|reports|responded|observed|observes|notes|writes|"
              r"explained|put it|summed it up|countered|replied|retorted")
# wider lead-ins of a paragraph's last sentence ending on a colon: "..., and Ana Ruiz
# responded:", "Ana Ruiz, a former aide, said that given the odds:", "as the Harbor Institute
# notes:", "in Ruiz's words:", "The Ledger confirmed it, reporting:"
_LEAD_WIDE = (
    re.compile(r"(?:^|\s)(?:[Aa]s\s+)?" + _NAME + r"(?:,[^:“”\"]{1,120},)?\s+(?:\w+ly\s+)?(?:"
               + _LEAD_CUES + r")\b(?:[^.:“”\"]|(?<=\d)\.(?=\d)){0,120}:\s*$"),
    re.compile(r"\b(?:in|on)\s+" + _NAME + r"['’]s?\s+(?:own\s+)?(?:words?|account|telling)"
               r":\s*$"),
    re.compile(r"^(?:[^,:“”\"]{0,40},\s*)?" + _NAME + r"\s[^:“”\"]{0,120},\s*(?:reporting|"
               r"writing|noting|saying|adding|explaining|concluding|stating)\b[^.:“”\"]{0,60}:\s*$"),
)
# "Ana Ruiz said that the plan was sound." as a paragraph's last sentence: a paragraph of one
# unattributed quotation after it goes on with her words
_SAID_THAT = re.compile(r"(?:^|[.!?”\"]\s+)" + _NAME + r"(?:,[^,“”\"]{1,80},)?\s+(?:\w+ly\s+)?"
                        r"(?:said|says|told|added|argued|insisted|noted|explained|warned|"
                        r"stressed|wrote)\b[^“”\"]{0,300}[.!?]\s*$")
# "Frank Ruiz and Ana Pell: “...": names, then a colon, open a quotation
_COLON = re.compile(r"(?P<who>[A-Z][\w.’'-]*(?:\s+(?:and\s+|of\s+|the\s+)?[A-Z][\w.’'-]*){0,5})"
                    r"(?:\s*\([^()“”\"]{1,20}\))?\s*:\s*$")
_OPEN = "“‘\"«"
_CLOSE = "”’\"»"


@dataclass(frozen=True)
class Quote:
    """A quotation's character range in the report and the speaker text named beside it
    (a name, a noun phrase or a pronoun; None when the paragraph names nobody)."""

    start: int
    end: int
    speaker: str | None
    speaker_at: int  # where the speaker text starts, to resolve it against the sentence


def _pairs(text: str, offset: int) -> list[tuple[int, int]]:
    """(open, close) character ranges of the quotations in one paragraph; a quotation
    still open at the paragraph's end runs to it (news leaves a continued quote open)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if start is None and (ch in "“«" or (ch == '"' and (i == 0 or not text[i - 1].isalnum()))
                              or (text.startswith("''", i) and (i == 0 or text[i - 1] in " (")
                                  )):
            start = i
        elif start is not None and i > start + 1 and (
                ch in "”»" or (ch == '"' and (i + 1 == len(text) or not text[i + 1].isalnum()))
                or (text.startswith("''", i) and (i + 2 >= len(text) or
                                                  not text[i + 2].isalnum()))):
            # a closing '' ends after both apostrophes
            out.append((offset + start, offset + i + (2 if text.startswith("''", i) else 1)))
            start = None
    if start is not None:
        out.append((offset + start, offset + len(text)))
    return out


_ADVERB = re.compile(r"(?:\s+(?:\w+ly|further|also|later|then|again|now|still|once|too|"
                     r"previously|earlier|often|first))+$")


_CONJUNCTION = re.compile(r"^(?:[Aa]s|[Aa]nd|[Bb]ut|[Ss]o|[Tt]hen|[Yy]et)\s+(?=\S)")


def _trim(who: str) -> str:
    """ "NBC further (notes)", "Ruiz also (said)": adverbs are no part of the speaker;
    "As Ruiz (noted)", "And Ruiz (said)": nor is a conjunction before the name."""
    who = _CONJUNCTION.sub("", who)
    return _ADVERB.sub("", who) or who


def _speaker(paragraph: str, a: int, b: int) -> tuple[str, int] | None:
    """The speaker named right after the quotation [a, b) or right before it."""
    after = paragraph[b:b + 120]
    for pattern in (_AFTER, _AFTER_INVERTED, _AFTER_UNNAMED, _AFTER_TAIL):
        m = pattern.match(after)
        if m is not None:
            return _trim(m.group("who")), b + m.start("who")
    before = paragraph[max(0, a - 160):a]
    m = (_BEFORE.search(before) or _COLON.search(before) or _BEFORE_SENTENCE.search(before)
         or _BEFORE_INVERTED.search(before) or _BEFORE_NAME.search(before))
    if m is not None:
        return _trim(m.group("who")), a - len(before) + m.start("who")
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text`` with its speaker; quotations of one paragraph that
    name none borrow the paragraph's one named speaker. A quotation left open at a
    paragraph's end and reopened by the next paragraph is one quotation (the news
    convention for a long quote): a speaker named in either serves both."""
    quotes: list[Quote] = []
    pos = 0
    chain: list[int] = []  # indexes in ``quotes`` of a quotation running on
    lead: tuple[str, int] | None = None  # the speaker a paragraph ending on a cue hands on
    previous: tuple[str, int] | None = None  # the speaker of a paragraph's closing quotation
    for line in text.split("\n"):
        if not line.strip():
            pos += len(line) + 1
            continue  # a blank line between paragraphs breaks no quotation
        pairs = _pairs(line, 0)
        found = [(a, b, _speaker(line, a, b)) for a, b in pairs]
        opens = bool(pairs) and pairs[0][0] == len(line) - len(line.lstrip())
        if lead is not None and opens and found[0][2] is None and not chain:
            found[0] = (found[0][0], found[0][1], (lead[0], lead[1] - pos))
        elif (previous is not None and opens and not chain and len(found) == 1
              and found[0][2] is None and found[0][1] >= len(line.rstrip()) - 1):
            # a paragraph that is one unattributed quotation goes on quoting the speaker
            # of the quotation the paragraph before closed on
            found[0] = (found[0][0], found[0][1], (previous[0], previous[1] - pos))
        lead = None
        m = _LEAD_IN.search(line) if not pairs or pairs[-1][1] < len(line.rstrip()) else None
        if m is not None and m.group("who").strip():
            who = re.sub(r"(?:\s+as follows|['’]s word)$", "", m.group("who"))
            lead = (_trim(who), pos + m.start("who"))
        elif not pairs or pairs[-1][1] < len(line.rstrip()):
            lead = _wide_lead(line, pos)
        named = {s[0] for _a, _b, s in found if s is not None}
        only = next(iter(named)) if len(named) == 1 else None
        only_at = next((s[1] for _a, _b, s in found if s is not None), 0)
        if chain and not opens:
            chain = []  # the quotation did not go on in this paragraph
        for a, b, spk in found:
            if spk is None and only is not None:
                spk = (only, only_at)
            quotes.append(Quote(pos + a, pos + b, spk[0] if spk else None,
                                pos + spk[1] if spk else -1))
        if chain and found:
            chain.append(len(quotes) - len(found))  # the reopening quotation
            _share_speaker(quotes, chain)
        open_at_end = bool(pairs) and pairs[-1][1] == len(line) and not line.rstrip().endswith(
            tuple(_CLOSE))
        chain = (chain or []) + [len(quotes) - 1] if open_at_end else []
        last = quotes[-1] if found else None
        previous = (last.speaker, last.speaker_at) if (
            last is not None and last.speaker is not None and (
                len(line.rstrip()) - (last.end - pos) < 60 or (
                    # '," Ruiz said during a long visit to the plant on Monday.': the
                    # cue runs on, but no other sentence follows it
                    last.speaker_at >= last.end and not _SPLIT_AFTER.search(
                        line, last.speaker_at - pos, len(line.rstrip()) - 1)))) else None
        if not pairs and lead is None:
            previous = _said_that(line, pos)
        pos += len(line) + 1
    return quotes


# a sentence's end, not an abbreviation's ("St. Regis", "Mrs. Ruiz", "J. Ruiz")
_SPLIT_AFTER = re.compile(r"(?<![A-Z][a-z])(?<!\b[A-Z])(?<!Mrs)[.!?]\s+[A-Z“\"]")


def _last_sentence(line: str) -> int:
    """Where a paragraph's last sentence starts (roughly: after the last end mark)."""
    body = line.rstrip()
    starts = [m.start() for m in re.finditer(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", body)
              if not re.search(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St|Jr)\.$",
                               body[:m.start()])]
    return starts[-1] + 1 if starts else 0


def _wide_lead(line: str, pos: int) -> tuple[str, int] | None:
    """The speaker a paragraph ending on a colon names in its last sentence."""
    body = line.rstrip()
    if not body.endswith(":"):
        return None
    at = _last_sentence(body)
    tail = body[at:]
    for pattern in _LEAD_WIDE:
        m = pattern.search(tail)
        if m is not None:
            who = m.group("who")
            if who.split()[0].lower() in ("as", "and", "but", "in", "on"):
                continue
            return _trim(who), pos + at + m.start("who")
    return None


def _said_that(line: str, pos: int) -> tuple[str, int] | None:
    """ "Ana Ruiz said that the plan was sound.": the speaker of a paragraph's last sentence
    of reported speech, whom a following paragraph of one unattributed quotation goes on
    quoting."""
    body = line.rstrip()
    at = _last_sentence(body)
    m = _SAID_THAT.match(body[at:])
    if m is None:
        return None
    who = m.group("who")
    if who.split()[0] in ("The", "the", "A", "An") and len(who.split()) == 1:
        return None
    return _trim(who), pos + at + m.start("who")


def _share_speaker(quotes: list[Quote], chain: list[int]) -> None:
    """Give every quotation of a running chain the speaker one of them names."""
    named = next((quotes[i] for i in chain if quotes[i].speaker is not None), None)
    if named is None:
        return
    for i in chain:
        if quotes[i].speaker is None:
            q = quotes[i]
            quotes[i] = Quote(q.start, q.end, named.speaker, named.speaker_at)


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The innermost quotation that holds [start, end)."""
    holding = [q for q in quotes if q.start <= start and end <= q.end]
    return min(holding, key=lambda q: q.end - q.start, default=None)
