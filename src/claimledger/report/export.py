"""The ``claimledger/1`` export: JSON, JSON Lines and a claims CSV.

The export is the contract with other tools (spreadsheets, notebooks, Datasette), so its
shape is fixed by docs/export-schema.json and only ever grows by adding fields. Values that
JSON cannot carry (NaN, infinity) are written as null rather than producing a file that
strict parsers reject.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.records import ClaimAnchor, Correction, LedgerView

SCHEMA = "claimledger/1"
EXPORT_FORMATS = ("json", "jsonl", "csv")

DOCUMENT_FIELDS = (
    "id", "source", "url", "title", "outlet", "published", "published_source", "language",
    "duplicate_of", "story", "text", "content_hash", "byte_size", "version_of", "kind",
)  # fmt: skip

CSV_COLUMNS = (
    "claim", "document", "document_title", "outlet", "published", "story", "measure",
    "measure_status", "value", "low", "high", "unit", "item", "item_lemma", "subject",
    "recipient", "predicate", "claimer", "claimer_role", "channel", "hedge", "qualifier", "vague",
    "negated", "time_scope", "time_start", "time_end", "quote", "evidence", "start", "end",
)  # fmt: skip

# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def payload(view: LedgerView, generated: str | None = None) -> dict[str, Any]:
    """The export as plain data."""
    documents = []
    for doc in view.documents:
        data = doc.to_dict()
        documents.append({k: data.get(k) for k in DOCUMENT_FIELDS})
    result: dict[str, Any] = _finite(
        {
            "schema": SCHEMA,
            "generated": generated or datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": documents,
            "stories": [s.to_dict() for s in view.stories],
            "claims": [c.to_dict() for c in view.claims],
            "measures": [m.to_dict() for m in view.measures],
            "stances": [s.to_dict() for s in view.stances],
            "corrections": [c.to_dict() for c in view.corrections],
        }
    )
    return result


def corrections_payload(view: LedgerView, generated: str | None = None) -> dict[str, Any]:
    """Only the reviewers' corrections, as a ``claimledger/1`` export a team can share and
    another ledger can import (``claimledger review import``)."""
    data = payload(LedgerView(corrections=view.corrections), generated)
    return {"schema": data["schema"], "generated": data["generated"],
            "corrections": data["corrections"]}  # fmt: skip


def export_corrections(view: LedgerView) -> str:
    return _dumps(corrections_payload(view), indent=2) + "\n"


def _parsed(text: str) -> dict[str, Any]:
    """The top-level object of a ``claimledger/1`` export, refused with a reason otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClaimledgerError(f"not a claimledger export: invalid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ClaimledgerError(f"not a {SCHEMA} export: the 'schema' field is missing or other")
    return data


def read_corrections(text: str) -> list[Correction]:
    """The corrections of a ``claimledger/1`` export (full, or ``--corrections`` only)."""
    data = _parsed(text)
    return _corrections(data.get("corrections", []))


def _corrections(items: Any) -> list[Correction]:
    if not isinstance(items, list):
        raise ClaimledgerError(f"{SCHEMA} export: 'corrections' is not a list")
    out: list[Correction] = []
    try:
        for item in items:
            fields = dict(item)
            fields["claims"] = [ClaimAnchor(**a) for a in item.get("claims", [])]
            fields["target"] = [ClaimAnchor(**a) for a in item.get("target", [])]
            out.append(Correction(**fields))
    except (TypeError, AttributeError, ValueError) as exc:
        raise ClaimledgerError(f"{SCHEMA} export with a malformed correction: {exc}") from exc
    return out


def _dumps(data: Any, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)


def export(view: LedgerView, fmt: str) -> str:
    """The ledger in one of json, jsonl or csv (schema ``claimledger/1``)."""
    if fmt == "json":
        return _dumps(payload(view), indent=2) + "\n"
    if fmt == "jsonl":
        data = payload(view)
        lines = [_dumps({"type": "meta", "schema": data["schema"], "generated": data["generated"]})]
        for key, kind in (
            ("documents", "document"),
            ("stories", "story"),
            ("claims", "claim"),
            ("measures", "measure"),
            ("stances", "stance"),
            ("corrections", "correction"),
        ):
            lines += [_dumps({"type": kind, **record}) for record in data[key]]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        return claims_csv(view)
    raise ClaimledgerError(
        f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return repr(int(value)) if value == int(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text  # keep a spreadsheet from running report text as a formula
    return text


def claims_csv(view: LedgerView) -> str:
    """One row per claim with its report's title and outlet and its measure."""
    docs = {d.id: d for d in view.documents}
    status = {m.id: m.status for m in view.measures}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in view.claims:
        doc = docs.get(c.document)
        row = {
            "claim": c.id,
            "document": c.document,
            "document_title": doc.title if doc else None,
            "outlet": doc.outlet if doc else None,
            "published": doc.published if doc else None,
            "story": c.story if c.story is not None else (doc.story if doc else None),
            "measure": c.measure,
            "measure_status": status.get(c.measure) if c.measure else None,
            "channel": " > ".join(c.channel) if c.channel else None,
            **{
                k: getattr(c, k)
                for k in CSV_COLUMNS
                if k not in ("claim", "document_title", "outlet", "published", "story",
                             "measure", "measure_status", "channel", "document")
            },
        }  # fmt: skip
        writer.writerow([_cell(row[k]) for k in CSV_COLUMNS])
    return buffer.getvalue()


def read_export(text: str) -> LedgerView:
    """A LedgerView back from a ``claimledger/1`` JSON export (to re-render or merge it)."""
    from claimledger.records import (
        Claim,
        Document,
        Measure,
        SourceEcho,
        Stance,
        Story,
        TimelinePoint,
    )

    data = _parsed(text)
    try:
        measures = []
        for m in data.get("measures", []):
            fields = dict(m)
            fields["sources"] = [SourceEcho(**s) for s in m.get("sources", [])]
            fields["timeline"] = [TimelinePoint(**t) for t in m.get("timeline", [])]
            measures.append(Measure(**fields))
        return LedgerView(
            documents=[Document(**d) for d in data.get("documents", [])],
            stories=[Story(**s) for s in data.get("stories", [])],
            claims=[Claim(**c) for c in data.get("claims", [])],
            stances=[Stance(**s) for s in data.get("stances", [])],
            measures=measures,
            corrections=_corrections(data.get("corrections", [])),
        )
    except TypeError as exc:
        raise ClaimledgerError(f"{SCHEMA} export with unexpected fields: {exc}") from exc
