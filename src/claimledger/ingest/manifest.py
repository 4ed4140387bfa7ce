"""Metadata for plain files that carry none themselves.

Copy-pasted reports lose their address, outlet and date; a manifest written next to them
(CSV or JSONL with source, url, outlet, published) puts that back with its provenance.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.errors import InputError
from claimledger.ingest.formats import iso_date

_COLUMNS = ("source", "url", "outlet", "published")


@dataclass(frozen=True)
class ManifestEntry:
    url: str | None
    outlet: str | None
    published: str | None
    line: int = 0  # where the manifest names it, for messages


@dataclass
class Manifest:
    path: Path
    entries: dict[str, ManifestEntry]
    used: set[str] = field(default_factory=set)

    def lookup(self, file: Path) -> ManifestEntry | None:
        """Entry for ``file``: its path relative to the manifest's folder, else its name."""
        try:
            relative = file.resolve().relative_to(self.path.resolve().parent).as_posix()
        except ValueError:
            relative = None
        key = relative if relative is not None and relative in self.entries else file.name
        if key in self.entries:
            self.used.add(key)
            return self.entries[key]
        return None

    def missing(self) -> list[InputError]:
        """One error for each file the manifest names that is not there beside it."""
        base = self.path.parent
        return [
            InputError(f"{self.path}: line {entry.line}",
                       f"names {name!r}, which is not in {base}; fix the name or add the file")
            for name, entry in self.entries.items()
            if name not in self.used and not (base / name).exists()
        ]  # fmt: skip

    def is_manifest(self, file: Path) -> bool:
        try:
            return file.resolve() == self.path.resolve()
        except OSError:
            return False


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def load_manifest(path: Path) -> Manifest:
    """Read a CSV or JSONL manifest; raises InputError naming the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"the manifest cannot be read ({exc})") from None
    if path.suffix.lower() in (".jsonl", ".ndjson") or text.lstrip().startswith("{"):
        rows = _jsonl_rows(path, text)
    else:
        rows = _csv_rows(path, text)
    entries: dict[str, ManifestEntry] = {}
    for number, row in rows:
        source = _clean(row.get("source"))
        if source is None:
            raise InputError(str(path), f"line {number} has no 'source'")
        key = Path(source).as_posix().removeprefix("./")
        if key in entries:
            raise InputError(
                str(path), f"line {number} names {source!r} again (first on line "
                f"{entries[key].line}); keep one row per file"
            )
        entries[key] = ManifestEntry(
            url=_clean(row.get("url")),
            outlet=_clean(row.get("outlet")),
            published=iso_date(_clean(row.get("published"))),
            line=number,
        )
    return Manifest(path, entries)


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, object]]]:
    rows: list[tuple[int, dict[str, object]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise InputError(str(path), f"line {number} is not JSON ({exc})") from None
        if not isinstance(row, dict):
            raise InputError(str(path), f"line {number} is not a JSON object")
        rows.append((number, row))
    return rows


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, object]]]:
    """Rows of a CSV manifest, each with its line number, parsed strictly.

    A lenient reader lets an unclosed quote run on to the end of the file, silently
    swallowing every later row's outlet, URL and date; a manifest row never spans
    lines, so a field holding a line break is that mistake, reported where it starts.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(str(path), f"line 1: {exc}") from None
    names = [h.strip().lower() for h in header or []]
    if "source" not in names:
        raise InputError(
            str(path), "the manifest needs a header row with the columns " + ", ".join(_COLUMNS)
        )
    rows: list[tuple[int, dict[str, object]]] = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(
                str(path), f"line {start}: {exc} (is a quote left open?)"
            ) from None
        if any("\n" in v or "\r" in v for v in values):
            raise InputError(
                str(path), f"line {start}: a quote opened here is not closed on the same "
                "line, so the rows after it would be read as one field; close the quote"
            )
        if values and any(v.strip() for v in values):
            if len(values) != len(names):
                raise InputError(
                    str(path), f"line {start} has {len(values)} fields, the header "
                    f"{len(names)}; quote fields that contain commas"
                )
            rows.append((start, dict(zip(names, values, strict=True))))
        start = reader.line_num + 1
    return rows
