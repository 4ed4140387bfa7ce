"""Metadata for plain files that carry none themselves.

Copy-pasted reports lose their address, outlet and date; a manifest written next to them
(CSV or JSONL with source, url, outlet, published) puts that back with its provenance.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import InputError
from claimledger.ingest.formats import iso_date

_COLUMNS = ("source", "url", "outlet", "published")


@dataclass(frozen=True)
class ManifestEntry:
    url: str | None
    outlet: str | None
    published: str | None


@dataclass
class Manifest:
    path: Path
    entries: dict[str, ManifestEntry]

    def lookup(self, file: Path) -> ManifestEntry | None:
        """Entry for ``file``: its path relative to the manifest's folder, else its name."""
        try:
            relative = file.resolve().relative_to(self.path.resolve().parent).as_posix()
        except ValueError:
            relative = None
        if relative is not None and relative in self.entries:
            return self.entries[relative]
        return self.entries.get(file.name)

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
    rows: list[dict[str, object]] = []
    if path.suffix.lower() in (".jsonl", ".ndjson") or text.lstrip().startswith("{"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise InputError(str(path), f"line {number} is not JSON ({exc})") from None
            if not isinstance(row, dict):
                raise InputError(str(path), f"line {number} is not a JSON object")
            rows.append(row)
    else:
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or "source" not in reader.fieldnames:
            raise InputError(
                str(path), "the manifest needs a header row with the columns "
                + ", ".join(_COLUMNS)
            )
        rows.extend(dict(row) for row in reader)
    entries: dict[str, ManifestEntry] = {}
    for number, row in enumerate(rows, start=1):
        source = _clean(row.get("source"))
        if source is None:
            raise InputError(str(path), f"row {number} has no 'source'")
        entries[Path(source).as_posix().removeprefix("./")] = ManifestEntry(
            url=_clean(row.get("url")),
            outlet=_clean(row.get("outlet")),
            published=iso_date(_clean(row.get("published"))),
        )
    return Manifest(path, entries)
