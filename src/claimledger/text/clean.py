"""Page debris removal by line shape, position and repetition.

Copy-pasted and scraped reports carry the furniture of the page they came from: share
buttons, teasers for other articles, navigation, bylines, taglines, SEO fragments. Left in,
they become bogus claims and make unrelated reports look alike, so they are removed here.
The rules look at the *shape* of a line (length, terminal punctuation, a small vocabulary of
navigation words), its *position* (above the first or below the last body paragraph) and
*repetition* (within the document, and across the outlet's other documents), never at the
strings of particular sites.

Cleaning only ever deletes characters (plus paragraph breaks between kept lines), so every
clean character keeps the offset of its source character.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimledger.records import DebrisSpan
from claimledger.text.dates import date_line


def words_of(text: str) -> frozenset[str]:
    """A word set written as one string, to keep vocabularies readable."""
    return frozenset(text.split())


def line_key(line: str) -> str:
    """Normalised form of a line for repetition counting ("" when it has no letters).

    Case, punctuation and spacing differ between copies of the same page furniture, and
    digits change (years in copyright lines, counters), so all of them are folded away.
    """
    folded = unicodedata.normalize("NFKC", line).casefold()
    if not any(ch.isalpha() for ch in folded):
        return ""
    folded = re.sub(r"\d", "0", folded)
    return " ".join(re.findall(r"[^\W_]+", folded))


_SOCIAL = words_of(
    "facebook twitter x whatsapp linkedin email e-mail mail print share shares tweet "
    "pinterest reddit telegram messenger copy link sms flipboard tumblr pocket vk xing "
    "threads bluesky mastodon instagram youtube rss comments comment")
_SHARE_FILLER = words_of("on this article story via the to with your friends page url")
_ICON = re.compile(r"^(?:icon|fa|fab|fas|ico|social|share)[-_][\w-]+$", re.I)

_FUNCTION_WORDS = words_of(
    "a an the you may might also to for from this that us up all of on in our your and be "
    "here by with more most"
)
_NAV_WORDS = _FUNCTION_WORDS | words_of(
    "previous prev next older newer post posts article articles story stories entry entries "
    "leave reply replies comment comments like editors editor picks pick latest recent "
    "popular trending read viewed related news share subscribe newsletter newsletters sign "
    "follow advertisement advertisements advert sponsored content tags tagged categories "
    "category filed under top back load show see recommended continue reading click print "
    "email menu search skip main home cookie cookies privacy policy terms contact about "
    "login log register cancel close views comments0 featured must don't dont miss "
    "headlines highlights updates watch listen video videos photos gallery section "
    "topics topic author authors submit send tip tips feedback corrections")
_NAV_LABELS = frozenset(
    {
        "previous", "next", "prev", "older", "newer", "previous article", "next article",
        "previous post", "next post", "older post", "newer post", "previous story",
        "next story", "previous page", "next page", "older posts", "newer posts",
        "previous entry", "next entry", "up next", "read next",
    }
)
_NAV_PREFIX = re.compile(
    r"^(?:[«‹←<]\s*)?(?:previous|next|prev|older|newer)(?:\s+(?:article|post|story|entry))?"
    r"\s*[:»›→>|]\s*\S",
    re.I,
)
_SUMMARY_TERMS = re.compile(
    r"\b(?:summary|summaries|highlights|key points|key takeaways|takeaways|at a glance|"
    r"in brief|tl;?dr|in short|quick read|overview|the gist|"
    r"what you need to know)\b",
    re.I,
)
_TEASER = re.compile(
    r"^(?:also read|read also|read more|see also|also see|related(?:\s+(?:article|articles|"
    r"story|stories|news|coverage|reading|content))?|recommended(?:\s+reading)?|read next|"
    r"don'?t miss|must read|more on this(?:\s+story)?|suggested reading|further reading|"
    r"you might also like|you may also like|more stories|more news)"
    r"\s*(?P<sep>[:–—\-|»>]+|$)\s*",
    re.I,
)
_SEPARATOR = re.compile(r"^[\W_]{3,}$|^[-–—_=*•·~#+]$")
_BREADCRUMB_HOME = re.compile(
    r"^[Hh][Oo][Mm][Ee]\b\s*(?:[>›»/|·:→]|\s+[A-Z0-9][A-Z0-9&,'’./-]*(?:\s+[A-Z0-9&][A-Z0-9&,'’./-]*)*\b)"
)
_BREADCRUMB_TRAIL = re.compile(r"^(?:[^>›»/|]{1,40}[>›»/|]\s*){2,}[^>›»/|]{1,120}$")
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|reported by|reporting by|words by|story by|von|par|por|di)"
    r"\s+\S",
    re.I,
)
_PHOTO_LINE = re.compile(
    r"^(?:photo|image|picture|foto|credit|photograph|pictured|file photo|illustration)s?"
    r"(?:\s+credits?)?\s*[:/|]\s*\S",
    re.I,
)
_PHOTO_PAREN = re.compile(
    r"\s*\((?:photo|image|picture|foto|credit|photograph|pictured|file photo|illustration)s?"
    r"(?:\s+credits?)?\s*[:/|–-]\s*[^()]{1,100}\)",
    re.I,
)
_PAREN = re.compile(r"\s*\(([^()]{3,100})\)")
_ORPHAN_DATELINE = re.compile(r"^\s*(?:\(\s*\)|\(\s*[–—-])\s*")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]]\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Cleaned:
    text: str
    offsets: Sequence[int]  # an int array: a list of Python ints costs ~36 bytes a character
    debris: list[DebrisSpan] = field(default_factory=list)
    title: str | None = None


def split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        trimmed = end - 1 if part.endswith("\r") else end
        lines.append(_Line(start, trimmed, text[start:trimmed]))
        start = end + 1
    return lines


def _exact_key(text: str) -> str:
    """Case- and punctuation-insensitive, but digits kept: "(1 combined)" != "(5 combined)"."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold()))


def _title_like(line: _Line) -> bool:
    words = line.words
    return 0 < len(words) <= 20 and not line.text.rstrip().endswith(".")


def _is_body(line: _Line) -> bool:
    return len(line.words) >= 12 and bool(_SENTENCE_END.search(line.text))


def _lower_words(line: _Line) -> list[str]:
    return [w.lower().replace("’", "'") for w in line.words]


def _share_row(line: _Line) -> bool:
    tokens = line.text.split()
    if not tokens or len(tokens) > 12:
        return False
    strong = 0
    for token in tokens:
        bare = token.strip("|·•,;:()[]").lower()
        if not bare:
            continue
        if _ICON.match(bare) or bare in _SOCIAL:
            strong += 1
        elif bare not in _SHARE_FILLER and not bare.isdigit():
            return False
    return strong >= 1 and (strong >= 2 or len(tokens) <= 3)


def _nav_label(line: _Line) -> bool:
    key = " ".join(_lower_words(line))
    return key in _NAV_LABELS


def _furniture(line: _Line) -> bool:
    words = _lower_words(line)
    if not words or len(words) > 6 or line.text.rstrip().endswith((".", "!", "?")):
        return False
    return all(w in _NAV_WORDS for w in words) and any(w not in _FUNCTION_WORDS for w in words)


def _summary_label(line: _Line) -> bool:
    words = line.words
    return (
        0 < len(words) <= 10
        and not line.text.rstrip().endswith((".", "!", "?"))
        and bool(_SUMMARY_TERMS.search(line.text))
        and not re.search(r"[.!?]\s", line.text)  # prose that happens to say "in short"
        # A bare "Summary" heading belongs to the article; a label says more ("Under 100
        # Words: A Compact Summary", "Key points:").
        and (len(words) >= 3 or ":" in line.text or any(ch.isdigit() for ch in line.text))
    )


def _byline(line: _Line) -> bool:
    text = line.text.strip()
    match = _BYLINE.match(text)
    if not match:
        return False
    rest = text[match.end() - 1 :]
    if not rest[:1].isupper():
        return False
    words = line.words
    if len(words) > 10:
        return False
    return not text.endswith((".", "!", "?")) or bool(re.search(r"\b[A-Z]\.$", text))


def _breadcrumb(line: _Line) -> bool:
    text = line.text.strip()
    return bool(_BREADCRUMB_HOME.match(text)) or (
        len(line.words) <= 25 and bool(_BREADCRUMB_TRAIL.match(text)) and "http" not in text
    )


class _Rules:
    """Marks debris lines and in-line spans; one instance per document."""

    def __init__(self, text: str, outlet_boilerplate: frozenset[str]) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.reasons: dict[int, str] = {}
        self.spans: list[tuple[int, int, str]] = []
        self.outlet_boilerplate = outlet_boilerplate
        content = [i for i, line in enumerate(self.lines) if not line.blank]
        self.content = content
        body = [i for i in content if _is_body(self.lines[i])]
        self.first_body = body[0] if body else (content[-1] if content else 0)
        self.last_body = body[-1] if body else (content[-1] if content else 0)
        self.top = {i for i in content[:10] if i < self.first_body}

    def kept(self) -> list[int]:
        return [i for i in self.content if i not in self.reasons]

    def mark(self, index: int, reason: str) -> None:
        self.reasons.setdefault(index, reason)

    def next_content(self, index: int) -> int | None:
        at = bisect_right(self.content, index)
        return self.content[at] if at < len(self.content) else None

    def prev_content(self, index: int) -> int | None:
        at = bisect_left(self.content, index)
        return self.content[at - 1] if at > 0 else None

    # -- line rules --------------------------------------------------------------------

    def shapes(self) -> None:
        for i in self.content:
            line = self.lines[i]
            stripped = line.text.strip()
            if _SEPARATOR.match(stripped):
                self.mark(i, "separator")
            elif _share_row(line):
                self.mark(i, "share buttons")
            elif _nav_label(line) or _NAV_PREFIX.match(stripped):
                self.mark(i, "navigation")
            elif _summary_label(line):
                self.mark(i, "page furniture label")
            elif _PHOTO_LINE.match(stripped) and len(line.words) <= 15:
                self.mark(i, "photo credit")
            elif i in self.top and _breadcrumb(line):
                self.mark(i, "breadcrumb")
            elif (i in self.top or i > self.last_body) and _byline(line):
                self.mark(i, "byline")
            elif i in self.top and date_line(stripped):
                self.mark(i, "dateline")

    def teasers(self) -> None:
        for i in self.content:
            if i in self.reasons:
                continue
            line = self.lines[i]
            match = _TEASER.match(line.text.strip())
            if not match:
                continue
            rest = line.text.strip()[match.end() :]
            if not rest and len(line.words) > 5:
                continue
            self.mark(i, "teaser")
            before = self.prev_content(i)
            boxed = before is not None and self.reasons.get(before) == "separator"
            if not rest:
                nxt = self.next_content(i)
                if (
                    nxt is not None
                    and nxt not in self.reasons
                    and _title_like(self.lines[nxt])
                    and not _furniture(self.lines[nxt])
                ):
                    self.mark(nxt, "teaser")
                    i = nxt
            # A teaser boxed in by separators takes the paragraphs it introduces with it, up
            # to the closing separator; unboxed, the paragraphs after it may be the article.
            if not boxed:
                continue
            at = bisect_right(self.content, i)
            following = self.content[at : at + 5]
            for n, j in enumerate(following):
                if self.reasons.get(j) == "separator":
                    for k in following[:n]:
                        self.mark(k, "teaser")
                    break

    def navigation_titles(self) -> None:
        for i in list(self.reasons):
            if self.reasons[i] != "navigation":
                continue
            nxt = self.next_content(i)
            if nxt is None or nxt in self.reasons:
                continue
            if _title_like(self.lines[nxt]):
                self.mark(nxt, "adjacent article title")

    def furniture(self) -> None:
        for i in self.content:
            if i not in self.reasons and _furniture(self.lines[i]):
                self.mark(i, "page furniture")

    def title(self) -> int | None:
        kept = self.kept()
        return kept[0] if kept else None

    def repeated_title(self, title: int | None) -> None:
        if title is None:
            return
        key = line_key(self.lines[title].text)
        for i in self.kept():
            if i != title and i in self.top | {title + 1, title + 2} and (
                line_key(self.lines[i].text) == key
            ):
                self.mark(i, "repeated title")

    def seo_fragments(self, title: int | None) -> None:
        """A short phrase repeated alone on lines and as "(phrase)" inside sentences.

        Such tags are written for search engines; a genuine repeated phrase (a list item,
        a recipe step, "(1 combined)") either carries figures or never echoes the headline
        on its own lines, so both shapes, or the headline echo, are required.
        """
        title_words: set[str] = set()
        if title is not None:
            title_words = set(_exact_key(self.lines[title].text).split())
        standalone: Counter[str] = Counter()
        parens: Counter[str] = Counter()
        for i in self.kept():
            line = self.lines[i]
            key = _exact_key(line.text)
            if i != title and key and len(line.words) <= 8 and not _SENTENCE_END.search(
                line.text
            ):
                standalone[key] += 1
            for match in _PAREN.finditer(line.text):
                if len(_WORD.findall(match.group(1))) >= 2:
                    parens[_exact_key(match.group(1))] += 1

        def echoes_title(key: str) -> bool:
            words = key.split()
            return bool(words) and sum(w in title_words for w in words) * 2 >= len(words) + 1

        fragments = {
            key
            for key in set(standalone) | set(parens)
            if key
            and not any(ch.isdigit() for ch in key)
            and (
                (standalone[key] >= 1 and parens[key] >= 1)
                or ((standalone[key] >= 2 or parens[key] >= 3) and echoes_title(key))
            )
        }
        if not fragments:
            return
        for i in self.kept():
            line = self.lines[i]
            if i != title and _exact_key(line.text) in fragments and len(line.words) <= 8:
                self.mark(i, "repeated fragment")
                continue
            for match in _PAREN.finditer(line.text):
                if _exact_key(match.group(1)) in fragments:
                    self.spans.append(
                        (line.start + match.start(), line.start + match.end(), "repeated fragment")
                    )

    def boilerplate(self, title: int | None) -> None:
        if not self.outlet_boilerplate:
            return
        hits = [
            i
            for i in self.kept()
            if len(self.lines[i].words) <= 40
            and line_key(self.lines[i].text) in self.outlet_boilerplate
        ]
        # Most of a report repeating across an outlet's documents means another version of
        # the same report, not boilerplate: leave it to dedupe.
        if hits and len(hits) * 2 <= len(self.kept()):
            for i in hits:
                self.mark(i, "outlet boilerplate")

    def footer(self) -> None:
        """Short lines wedged between page furniture at the very end (taglines, blurbs)."""
        for i in reversed(self.content):
            if i in self.reasons:
                continue
            line = self.lines[i]
            before, after = self.prev_content(i), self.next_content(i)
            if (
                before is not None
                and after is not None
                and before in self.reasons
                and after in self.reasons
                and len(line.words) <= 30
                and not any(ch.isdigit() for ch in line.text)
            ):
                self.mark(i, "site footer")
                continue
            break

    # -- in-line rules -----------------------------------------------------------------

    def inline(self) -> None:
        for i in self.kept():
            line = self.lines[i]
            for match in _PHOTO_PAREN.finditer(line.text):
                self.spans.append((line.start + match.start(), line.start + match.end(),
                                   "photo credit"))
            orphan = _ORPHAN_DATELINE.match(line.text)
            if orphan and orphan.end() < len(line.text):
                self.spans.append((line.start, line.start + orphan.end(), "empty dateline"))


def clean(
    text: str,
    offsets: Sequence[int],
    *,
    outlet_boilerplate: frozenset[str] = frozenset(),
    markdown: bool = False,
) -> Cleaned:
    """Remove page debris from ``text``; ``offsets`` maps its characters to the raw text."""
    rules = _Rules(text, outlet_boilerplate)
    if markdown:
        for i in front_matter_lines(rules.lines):
            rules.mark(i, "front matter")
    rules.shapes()
    rules.teasers()
    rules.navigation_titles()
    rules.furniture()
    title = rules.title()
    rules.repeated_title(title)
    rules.seo_fragments(title)
    rules.boilerplate(title)
    rules.footer()
    rules.inline()
    title = rules.title()

    drop = bytearray(len(text))
    debris: list[DebrisSpan] = []

    def span(start: int, end: int, reason: str) -> None:
        if end <= start:
            return
        for k in range(start, end):
            drop[k] = 1
        raw_start, raw_end = offsets[start], offsets[end - 1]
        debris.append(
            DebrisSpan(
                start=raw_start,
                end=raw_end + 1 if raw_end >= 0 else -1,
                reason=reason,
                text=text[start:end],
            )
        )

    for i, reason in sorted(rules.reasons.items()):
        line = rules.lines[i]
        span(line.start, line.end, reason)
    for start, end, reason in sorted(rules.spans):
        if not any(drop[start:end]):
            span(start, end, reason)
    if markdown:
        for i in rules.kept():
            _markdown_syntax(rules.lines[i], drop)

    out: list[str] = []
    out_offsets = array("i")
    previous: int | None = None
    for i in rules.kept():
        line = rules.lines[i]
        whole = _whole_line(text, drop, line.start, line.end)
        if whole is not None:  # nothing dropped inside: copy the line as slices
            first, last = whole
            if previous is not None:
                _join_lines(text, offsets, rules.lines[previous].end, i - previous, out,
                            out_offsets)  # fmt: skip
            out.append(text[first:last])
            out_offsets.extend(offsets[first:last])
            previous = i
            continue
        chars = [k for k in range(line.start, line.end) if not drop[k]]
        first, last = 0, len(chars)
        while first < last and text[chars[first]].isspace():
            first += 1
        while last > first and text[chars[last - 1]].isspace():
            last -= 1
        if first == last:
            continue
        chars = chars[first:last]
        if previous is not None:
            _join_lines(text, offsets, rules.lines[previous].end, i - previous, out, out_offsets)
        for k in chars:
            out.append(text[k])
            out_offsets.append(offsets[k])
        previous = i
    title_text = None
    if title is not None:
        title_text = rules.lines[title].text.strip().lstrip("#").strip() or None
    return Cleaned("".join(out), out_offsets, debris, title_text)


def _whole_line(text: str, drop: bytearray, start: int, end: int) -> tuple[int, int] | None:
    """(first, last) of a line with nothing dropped, outer whitespace trimmed; None when
    something inside it is dropped or nothing is left."""
    if drop.find(1, start, end) >= 0:
        return None
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return None
    first = start + len(segment) - len(segment.lstrip())
    return first, first + len(stripped)


def _join_lines(
    text: str, offsets: Sequence[int], end_of_previous: int, gap: int, out: list[str],
    out_offsets: array[int],
) -> None:  # fmt: skip
    """The newline between two kept lines (and a blank line when lines were removed)."""
    newline = end_of_previous if text[end_of_previous:end_of_previous + 1] == "\n" else -1
    out.append("\n")
    if 0 <= newline < len(offsets):
        out_offsets.append(offsets[newline] if offsets[newline] >= 0 else -1)
    else:
        out_offsets.append(-1)
    if gap > 1:
        out.append("\n")
        out_offsets.append(-1)


def front_matter_lines(lines: list[_Line]) -> list[int]:
    """Indices of a leading YAML front-matter block ("---" ... "---"), if any."""
    if not lines or lines[0].text.strip() != "---":
        return []
    for i in range(1, min(len(lines), 60)):
        if lines[i].text.strip() in ("---", "..."):
            return list(range(i + 1))
    return []


def front_matter(text: str) -> dict[str, str]:
    """Simple ``key: value`` pairs of a markdown file's front matter (lower-case keys)."""
    lines = split_lines(text)
    fields: dict[str, str] = {}
    for i in front_matter_lines(lines)[1:-1]:
        key, sep, value = lines[i].text.partition(":")
        value = value.strip().strip("\"'")
        if sep and value and key.strip():
            fields.setdefault(key.strip().lower(), value)
    return fields


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _markdown_syntax(line: _Line, drop: bytearray) -> None:
    """Drop markdown markup characters so claims read as prose (deletion only)."""
    heading = _MD_HEADING.match(line.text)
    if heading:
        for k in range(line.start, line.start + heading.end()):
            drop[k] = 1
    for match in _MD_EMPHASIS.finditer(line.text):
        width = len(match.group(1))
        for k in (*range(match.start(), match.start() + width),
                  *range(match.end() - width, match.end())):
            drop[line.start + k] = 1
    for match in _MD_LINK.finditer(line.text):
        label_start, label_end = match.span(1)
        for k in range(match.start(), match.end()):
            if not label_start <= k < label_end:
                drop[line.start + k] = 1
