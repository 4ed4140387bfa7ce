"""Who is the same claimer across reports.

Reports spell and abbreviate the people they quote differently ("Shin Won-sik", "Shin
Wonsik", "Minister Shin", "South Korea's defense minister"; "National Intelligence Service",
"NIS"). Counting independent sources means collapsing those spellings onto one identity,
and nothing more: two people who merely share a title stay apart unless the story names
exactly one person with that title.

Rules, in order, each recorded as a reason for ``explain``:

1. Names are compared without titles, case, accents, spaces or hyphens.
2. A one-word name (a surname, or an acronym) matches the one full name in the story whose
   first or last word (or initials) it equals; more than one candidate leaves it alone.
3. A role ("South Korea's defense minister") maps to the person that the story names with a
   matching role (same title words, the shorter a subset of the longer; a role without a
   title word, "Strzok's attorney", only to the person given exactly that role); a role
   whose words are a subset of an organisation's name ("intelligence service") maps to that
   organisation, and a bare common noun ("the poll") to the one name it ends ("the NBC/WSJ
   poll").
4. A claim without a claimer but relayed through an agency takes the agency as its source.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from claimledger.reconcile.vocab import fold, is_title_word, known_actor
from claimledger.records import Claim

_STOP = frozenset({"the", "of", "and", "for", "a", "an", "s", "on", "in"})
# kinds of body that describe one another: an "intelligence service" may be a directorate
_BODY_CLASS: dict[str, str] = {
    **dict.fromkeys(("service", "agency", "directorate", "bureau", "office"), "agency"),
    **dict.fromkeys(("ministry", "department"), "ministry"),
    **dict.fromkeys(("committee", "commission", "council"), "committee"),
    **dict.fromkeys(("command", "staff", "headquarters"), "command"),
}
_POSSESSIVE = re.compile(r"^(?:the\s+)?(.+?)['’]s\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    key: str  # stable identity key: "name:shinwonsik", "role:south korea defense minister"
    display: str
    reason: str


def _spelling(text: str) -> str:
    return fold(text).replace("defence", "defense")


def _tokens(text: str) -> list[str]:
    """Name words without hyphens; a middle initial drops out ("John A. Boehner" is "John
    Boehner"), and so does a generational suffix; a lone initial or a two-word name keeps all
    its words."""
    words = [t.replace("-", "").rstrip(".") for t in _spelling(text).split()]
    words = [w for w in words if w]
    if len(words) >= 3 and words[-1] in _SUFFIXES:
        words = words[:-1]  # "Theodore Boutrous Jr." is the "Theodore Boutrous" of another report
    initials = [w for w in words[1:-1] if len(w) == 1]
    if len(words) >= 3 and len(words[0]) > 1 and len(words[-1]) > 1 and len(initials) == 1:
        inner = [w for w in words[1:-1] if len(w) > 1]
        words = [words[0], *inner, words[-1]]  # one middle initial; "George H. W." keeps both
    return words


def _strip_titles(name: str) -> tuple[str, bool]:
    """The name without leading titles and country possessives; True when only a role is left."""
    text = " ".join(name.split())
    m = _POSSESSIVE.match(text)
    if m and not any(
        w[:1].isupper() and not is_title_word(_spelling(w)) for w in m.group(2).split()
    ):
        return text, True  # "Avalon's transport minister": an owner and a role, no name
    if m and known_actor(m.group(1)):
        text = m.group(2)  # "South Korea's X" -> "X" when the owner is a known actor
    words = text.split()
    while words and fold(words[0]) in ("the", "a", "an"):
        words = words[1:]
    kept = [w for w in words if not is_title_word(_spelling(w))]
    capitalised = [w for w in kept if w[:1].isupper() and fold(w) not in _STOP]
    if not capitalised:
        return text, True
    if known_actor(" ".join(capitalised)) or all(known_actor(w) for w in capitalised):
        return text, True  # "Russian officials", "defence minister of South Korea"
    return " ".join(kept), False


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _part_of(key: str, tokens: list[str]) -> bool:
    """True when ``key`` is the leading or trailing words of a longer name: "Shin" of
    "Shin Won-sik", "Varga Nord" of "Ilse Varga-Nord", "Boutrous" of "Theodore J. Boutrous
    Jr." (a generational suffix is no part of the surname)."""
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return any(key in ("".join(tokens[:i]), "".join(tokens[i:])) for i in range(1, len(tokens)))


def _initials(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in _STOP)


class ClaimerIndex:
    """Resolves every claimer string of one story to an identity."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self._names: dict[str, Counter[str]] = defaultdict(Counter)  # key -> spellings
        self._tokens: dict[str, list[str]] = {}
        self._roles: dict[str, set[str]] = defaultdict(set)  # role key -> name keys
        self._role_display: dict[str, str] = {}
        claims = list(claims)
        named: list[tuple[Claim, str, str]] = []
        for claim in claims:
            raw = (claim.claimer or "").strip()
            if not raw:
                if claim.claimer_role and claim.claimer_role.strip():
                    role = claim.claimer_role.strip()
                    self._role_display.setdefault(self._role_key(role), role)
                continue
            name, role_only = _strip_titles(raw)
            if role_only:
                self._role_display.setdefault(self._role_key(raw), raw)
                continue
            toks = _tokens(name)
            if not toks:
                continue
            key = "".join(toks)
            self._names[key][name] += 1
            self._tokens[key] = toks
            named.append((claim, raw, name))
        self._full = {k for k, t in self._tokens.items() if len(t) > 1}
        # roles are tied to resolved people, so "Minister Shin" lends his title to Shin Won-sik
        for claim, raw, name in named:
            target = self._name_identity(name, raw).key.removeprefix("name:")
            if claim.claimer_role and claim.claimer_role.strip():
                self._roles[self._role_key(claim.claimer_role)].add(target)
            words = raw.split()
            titled = [i for i, w in enumerate(words) if is_title_word(_spelling(w))]
            if titled:
                self._roles[self._role_key(" ".join(words[: titled[-1] + 1]))].add(target)

    @staticmethod
    def _role_key(role: str) -> str:
        """Role words with each actor phrase folded to one word: "south korea's" -> southkorea."""
        words = [w for w in _spelling(role.replace("’s", " ").replace("'s", " ")).split()]
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in (4, 3, 2, 1):
                phrase = " ".join(words[i : i + size])
                actor = known_actor(phrase) if len(words[i : i + size]) == size else None
                if actor:
                    out.append(fold(actor).replace(" ", ""))
                    i += size
                    break
            else:
                word = words[i].replace("-", "")
                if word and word not in _STOP:
                    out.append(word)
                i += 1
        return " ".join(out)

    def _name_identity(self, name: str, raw: str) -> Identity:
        toks = _tokens(name)
        key = "".join(toks)
        if toks:
            word = toks[0]
            by_surname = sorted(
                k for k in self._full if k != key and _part_of(key, self._tokens[k])
            )
            if len(by_surname) == 1:
                target = by_surname[0]
                return Identity(
                    f"name:{target}",
                    self.display(target),
                    f"'{raw}' is part of one name in the story, {self.display(target)}",
                )
            by_initials = sorted(k for k in self._full if _initials(self._tokens[k]) == word)
            if len(toks) == 1 and len(by_initials) == 1:
                target = by_initials[0]
                return Identity(
                    f"name:{target}",
                    self.display(target),
                    f"'{raw}' is the initials of {self.display(target)}",
                )
        reason = f"claimer '{raw}'"
        if key in self._names and self.display(key) != raw:
            reason += f" is {self.display(key)} (names compared without case, spaces, hyphens)"
        return Identity(f"name:{key}", self.display(key) if key in self._names else name, reason)

    def display(self, key: str) -> str:
        spellings = self._names.get(key)
        if not spellings:
            return key
        # the most frequent spelling; ties go to the longer, then alphabetical
        return sorted(spellings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    def _role_identity(self, raw: str) -> Identity:
        role = self._role_key(raw)
        role_words = set(role.split())
        titled = {w for w in role_words if is_title_word(w)}
        matches: set[str] = set()
        if titled:
            for known, names in self._roles.items():
                known_words = set(known.split())
                if not titled <= known_words:
                    continue  # "defence minister" is not any "minister"
                if known_words <= role_words or role_words <= known_words:
                    matches |= names
        else:
            # a role without a title word ("Strzok's attorney", "the family's lawyer") maps
            # only to a person given exactly that role elsewhere in the story
            matches |= self._roles.get(role, set())
        if len(matches) == 1:
            target = next(iter(matches))
            return Identity(
                f"name:{target}",
                self.display(target),
                f"role '{raw}' is held by {self.display(target)} elsewhere in the story",
            )
        content = {w for w in role_words if not is_title_word(w) and not known_actor(w)}
        orgs = sorted(
            k for k in self._full if len(content) >= 2 and content <= set(self._tokens[k])
        )
        if not orgs:
            orgs = self._kindred_orgs(raw)
        if not orgs and len(content) == 1:
            orgs = self._by_head(next(iter(content)))
        if not matches and len(orgs) == 1:
            target = orgs[0]
            return Identity(
                f"name:{target}",
                self.display(target),
                f"'{raw}' describes {self.display(target)}, named elsewhere in the story",
            )
        why = f"role '{raw}'"
        if len(matches) > 1:
            why += " matches several people, kept apart"
        return Identity(f"role:{role}", self._role_display.get(role, raw), why)

    def _by_head(self, word: str) -> list[str]:
        """Names whose last word is ``word``: a bare "the poll" or "the survey" is the one
        named poll of the story ("the NBC/WSJ poll"), when there is exactly one."""
        return sorted(k for k in self._full if self._tokens[k][-1] == word)

    def _kindred_orgs(self, raw: str) -> list[str]:
        """Organisations a description names by what they do and what kind of body they are:
        "Saltria's intelligence service" -> State Intelligence Directorate. The owner before
        the 's is ignored, known state or not; the rest must be one distinctive word or more
        found in the name, plus a kind of body of the same class."""
        m = _POSSESSIVE.match(" ".join(raw.split()))
        words = _tokens(m.group(2) if m else raw)
        kinds = [w for w in words if w in _BODY_CLASS]
        content = {w for w in words if w not in _BODY_CLASS and not is_title_word(w)
                   and w not in _STOP and not known_actor(w)}
        if len(kinds) != 1 or not content:
            return []
        found = []
        for k in self._full:
            toks = set(self._tokens[k])
            if content <= toks and any(_BODY_CLASS.get(w) == _BODY_CLASS[kinds[0]] for w in toks):
                found.append(k)
        return sorted(found)

    def resolve(self, claim: Claim) -> Identity | None:
        """The claim's source identity; None when the report attributes it to no one."""
        raw = (claim.claimer or "").strip()
        if raw:
            name, role_only = _strip_titles(raw)
            if role_only:
                return self._role_identity(raw)
            return self._name_identity(name, raw)
        if claim.claimer_role and claim.claimer_role.strip():
            return self._role_identity(claim.claimer_role.strip())
        if claim.channel:
            relay = claim.channel[-1].strip()
            if relay:
                ident = self._name_identity(relay, relay)
                return Identity(
                    ident.key,
                    ident.display,
                    f"no claimer named; relayed by {relay}, which counts as its source",
                )
        return None
