"""The SQLite store: the only code in claimledger that speaks SQL.

One file, WAL mode, foreign keys on, a versioned schema. Writers group each document's
rows in one transaction (``with store.transaction():``) so a killed process leaves either
the whole document or nothing, and a re-run picks up where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimledger.errors import StoreError
from claimledger.problems import Problem
from claimledger.records import (
    Claim,
    ClaimAnchor,
    Correction,
    DebrisSpan,
    Document,
    ExtractedText,
    Measure,
    RawInput,
    SourceEcho,
    Stance,
    Story,
    TimelinePoint,
)
from claimledger.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store"]

_DOCUMENT_COLUMNS = (
    "id, source, url, title, outlet, published, published_source, language, duplicate_of,"
    " story, text, content_hash, byte_size, version_of, kind"
)
_CLAIM_FIELDS = [
    "id", "document", "value", "low", "high", "unit", "item", "item_lemma", "subject",
    "recipient", "predicate", "claimer", "claimer_role", "channel", "hedge", "qualifier",
    "vague", "negated", "time_scope", "time_start", "time_end", "evidence", "quote", "start",
    "end", "sentence_start", "measure", "story", "owner", "figure_kind",
]  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _quote(name: str) -> str:
    return f'"{name}"'


def _claims_where(story: int | None, document: int | None) -> tuple[str, list[Any]]:
    if story is not None:
        return " WHERE document IN (SELECT id FROM documents WHERE story = ?)", [story]
    if document is not None:
        return " WHERE document = ?", [document]
    return "", []


def _measures_where(story: int | None, status: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if story is not None:
        clauses.append("story = ?")
        params.append(story)
    if status == "disputed":
        clauses.append("disputed = 1")
    elif status is not None:
        clauses.append("status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class Store:
    """A claimledger SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=30.0
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the ledger file ({exc})") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(
                f"{self.path}: not a claimledger database or damaged ({exc}); "
                "give another --db path"
            ) from exc

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        current = int(row[0] or 0)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer claimledger (schema {current} > "
                f"{SCHEMA_VERSION}); upgrade claimledger to read it"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[version - 1]):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)",
                    (version, _now()),
                )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; nested use joins the outer transaction."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- documents -----------------------------------------------------------------------

    def has_raw(self, sha256: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def document_id_for_raw(self, sha256: str) -> int | None:
        row = self.conn.execute(
            "SELECT documents.id FROM documents JOIN raw_inputs"
            " ON raw_inputs.id = documents.raw_input WHERE raw_inputs.sha256 = ?"
            " ORDER BY documents.id LIMIT 1",
            (sha256,),
        ).fetchone()
        return int(row[0]) if row else None

    def original_for_hash(self, content_hash: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash = ? ORDER BY id LIMIT 1",
            (content_hash,),
        ).fetchone()
        return int(row[0]) if row else None

    def latest_for_url(self, url: str) -> tuple[int, str] | None:
        row = self.conn.execute(
            "SELECT id, content_hash FROM documents WHERE url = ? ORDER BY id DESC LIMIT 1",
            (url,),
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def add_document(
        self,
        raw: RawInput,
        raw_sha256: str,
        extracted: ExtractedText,
        *,
        content_hash: str,
        duplicate_of: int | None,
        duplicate_kind: str | None,
        similarity: float | None,
        version_of: int | None,
        minhash: bytes | None,
    ) -> int:
        """Insert one document (and its raw bytes, once); call inside a transaction."""
        row = self.conn.execute(
            "SELECT id FROM raw_inputs WHERE sha256 = ?", (raw_sha256,)
        ).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO raw_inputs(sha256, byte_size, data) VALUES (?, ?, ?)",
                (raw_sha256, len(raw.data), raw.data),
            )
            raw_id = int(cur.lastrowid or 0)
        else:
            raw_id = int(row[0])
        offsets = _pack_offsets(extracted.offsets)
        cur = self.conn.execute(
            "INSERT INTO documents(source, kind, url, title, outlet, published,"
            " published_source, language, encoding, raw_input, content_hash, byte_size, text,"
            " raw_text, offsets, duplicate_of, duplicate_kind, similarity, version_of,"
            " minhash, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                raw.source, raw.kind, extracted.url, extracted.title, extracted.outlet,
                extracted.published, extracted.published_source, extracted.language,
                extracted.encoding, raw_id, content_hash, len(raw.data), extracted.text,
                extracted.raw_text, offsets, duplicate_of, duplicate_kind, similarity,
                version_of, minhash, _now(),
            ),
        )  # fmt: skip
        doc_id = int(cur.lastrowid or 0)
        self.conn.executemany(
            'INSERT INTO removed_debris(document, start, "end", reason, text)'
            " VALUES (?, ?, ?, ?, ?)",
            [(doc_id, d.start, d.end, d.reason, d.text) for d in extracted.debris],
        )
        return doc_id

    def add_near_duplicate_bands(self, document: int, bands: Sequence[int]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO near_duplicate_bands(band, bucket, document) VALUES (?, ?, ?)",
            [(i, bucket, document) for i, bucket in enumerate(bands)],
        )

    def near_duplicate_candidates(self, bands: Sequence[int]) -> list[tuple[int, bytes]]:
        """Documents sharing at least one LSH band, with their MinHash signatures."""
        if not bands:
            return []
        clauses = " OR ".join("(band = ? AND bucket = ?)" for _ in bands)
        params: list[int] = []
        for i, bucket in enumerate(bands):
            params += [i, bucket]
        rows = self.conn.execute(
            "SELECT DISTINCT documents.id, documents.minhash FROM near_duplicate_bands"
            " JOIN documents ON documents.id = near_duplicate_bands.document"
            f" WHERE {clauses} ORDER BY documents.id",
            params,
        ).fetchall()
        return [(int(r[0]), bytes(r[1])) for r in rows if r[1] is not None]

    def outlet_boilerplate(self, outlet: str | None, min_documents: int = 2) -> frozenset[str]:
        if not outlet:
            return frozenset()
        rows = self.conn.execute(
            "SELECT line_key FROM outlet_lines WHERE outlet = ? AND documents >= ?",
            (outlet, min_documents),
        ).fetchall()
        return frozenset(str(r[0]) for r in rows)

    def count_outlet_lines(self, outlet: str | None, keys: Iterable[str]) -> None:
        if not outlet:
            return
        self.conn.executemany(
            "INSERT INTO outlet_lines(outlet, line_key, documents) VALUES (?, ?, 1)"
            " ON CONFLICT(outlet, line_key) DO UPDATE SET documents = documents + 1",
            [(outlet, key) for key in sorted(set(keys))],
        )

    def documents(
        self, *, story: int | None = None, ids: Sequence[int] | None = None
    ) -> list[Document]:
        sql = f"SELECT {_DOCUMENT_COLUMNS} FROM documents"
        params: list[Any] = []
        if story is not None:
            sql += " WHERE story = ?"
            params.append(story)
        elif ids is not None:
            if not ids:
                return []
            sql += f" WHERE id IN ({','.join('?' for _ in ids)})"
            params.extend(ids)
        sql += " ORDER BY id"
        return [_document(r) for r in self.conn.execute(sql, params)]

    def document(self, doc_id: int) -> Document | None:
        row = self.conn.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return _document(row) if row else None

    def document_ids(self, where: str = "1", params: Sequence[Any] = ()) -> list[int]:
        """Ids of documents matching a fixed clause; used for batched, resumable work."""
        return [
            int(r[0])
            for r in self.conn.execute(
                f"SELECT id FROM documents WHERE {where} ORDER BY id", params
            )
        ]

    def debris(self, doc_id: int) -> list[DebrisSpan]:
        rows = self.conn.execute(
            'SELECT start, "end", reason, text FROM removed_debris WHERE document = ?'
            " ORDER BY start",
            (doc_id,),
        )
        return [DebrisSpan(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows]

    def raw(self, doc_id: int) -> bytes | None:
        row = self.conn.execute(
            "SELECT raw_inputs.data FROM documents JOIN raw_inputs"
            " ON raw_inputs.id = documents.raw_input WHERE documents.id = ?",
            (doc_id,),
        ).fetchone()
        return bytes(row[0]) if row else None

    def raw_text(self, doc_id: int) -> tuple[str, list[int]] | None:
        row = self.conn.execute(
            "SELECT raw_text, offsets FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return str(row[0]), _unpack_offsets(row[1])

    def duplicate_info(self, doc_id: int) -> tuple[str | None, float | None]:
        row = self.conn.execute(
            "SELECT duplicate_kind, similarity FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # -- stories -------------------------------------------------------------------------

    def upsert_story(self, story_id: int, title: str) -> None:
        self.conn.execute(
            "INSERT INTO stories(id, title) VALUES (?, ?)"
            " ON CONFLICT(id) DO UPDATE SET title = excluded.title",
            (story_id, title),
        )

    def set_document_story(self, doc_id: int, story_id: int) -> None:
        self.conn.execute("UPDATE documents SET story = ? WHERE id = ?", (story_id, doc_id))

    def refresh_story_span(self, story_id: int) -> None:
        self.conn.execute(
            "UPDATE stories SET first_published = (SELECT min(published) FROM documents"
            " WHERE story = stories.id), last_published = (SELECT max(published) FROM"
            " documents WHERE story = stories.id) WHERE id = ?",
            (story_id,),
        )

    def stories(self) -> list[Story]:
        rows = self.conn.execute(
            "SELECT id, title, brief, citations, first_published, last_published FROM stories"
            " ORDER BY id"
        ).fetchall()
        members: dict[int, list[int]] = {}
        for r in self.conn.execute(
            "SELECT story, id FROM documents WHERE story IS NOT NULL ORDER BY id"
        ):
            members.setdefault(int(r[0]), []).append(int(r[1]))
        return [_story(r, members.get(int(r[0]), [])) for r in rows]

    def story(self, story_id: int) -> Story | None:
        row = self.conn.execute(
            "SELECT id, title, brief, citations, first_published, last_published FROM stories"
            " WHERE id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        return _story(row, self.document_ids("story = ?", (story_id,)))

    def search(self, query: str, limit: int = 50) -> list[int]:
        """Story ids whose reports match an FTS5 query, best first."""
        terms = [t for t in "".join(c if c.isalnum() else " " for c in query).split() if t]
        if not terms:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        rows = self.conn.execute(
            "SELECT documents.story FROM documents_search JOIN documents"
            " ON documents.id = documents_search.rowid"
            " WHERE documents_search MATCH ? AND documents.story IS NOT NULL"
            " ORDER BY rank LIMIT ?",
            (match, limit * 20),
        ).fetchall()
        seen: list[int] = []
        for r in rows:
            if int(r[0]) not in seen:
                seen.append(int(r[0]))
        return seen[:limit]

    # -- claims --------------------------------------------------------------------------

    def replace_claims(
        self, doc_id: int, claims: Sequence[Claim], stances: Sequence[Stance], extractor: str
    ) -> None:
        """Swap one document's claims and stances; call inside a transaction."""
        self.conn.execute("DELETE FROM claims WHERE document = ?", (doc_id,))
        self.conn.execute("DELETE FROM stances WHERE document = ?", (doc_id,))
        story = self.conn.execute("SELECT story FROM documents WHERE id = ?", (doc_id,)).fetchone()
        columns = ", ".join(_quote(f) for f in _CLAIM_FIELDS)
        marks = ", ".join("?" for _ in _CLAIM_FIELDS)
        rows = []
        for claim in claims:
            values = claim.to_dict()
            values["story"] = story[0] if story else None
            values["channel"] = json.dumps(values["channel"])
            values["vague"] = int(bool(values["vague"]))
            values["negated"] = int(bool(values["negated"]))
            rows.append([values[f] for f in _CLAIM_FIELDS])
        self.conn.executemany(f"INSERT INTO claims({columns}) VALUES ({marks})", rows)
        self.conn.executemany(
            'INSERT INTO stances(id, document, actors, stance, target, evidence, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (s.id, doc_id, json.dumps(s.actors), s.stance, s.target, s.evidence, s.start, s.end)
                for s in stances
            ],
        )
        self.conn.execute(
            "UPDATE documents SET extracted_with = ? WHERE id = ?", (extractor, doc_id)
        )

    def claims(
        self,
        *,
        story: int | None = None,
        document: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        where, params = _claims_where(story, document)
        sql = f"SELECT {', '.join(_quote(f) for f in _CLAIM_FIELDS)} FROM claims{where}"
        sql += " ORDER BY document, start, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_claim(r) for r in self.conn.execute(sql, params)]

    def count_claims(self, *, story: int | None = None, document: int | None = None) -> int:
        where, params = _claims_where(story, document)
        return int(self.conn.execute(f"SELECT count(*) FROM claims{where}", params).fetchone()[0])

    def story_counts(self) -> dict[int, tuple[int, int]]:
        """(claims, measures) per story, counted in SQL: a stories page must not load every
        claim of the ledger to count them."""
        out: dict[int, tuple[int, int]] = {}
        for story, n in self.conn.execute(
            "SELECT d.story, count(*) FROM claims c JOIN documents d ON d.id = c.document "
            "WHERE d.story IS NOT NULL GROUP BY d.story"
        ):
            out[int(story)] = (int(n), 0)
        for story, n in self.conn.execute(
            "SELECT story, count(*) FROM measures WHERE story IS NOT NULL GROUP BY story"
        ):
            out[int(story)] = (out.get(int(story), (0, 0))[0], int(n))
        return out

    def story_triage(self) -> dict[int, dict[str, int]]:
        """Per story: contested measures (conflict, revised or disputed) and distinct outlets,
        counted in SQL for the stories list."""
        out: dict[int, dict[str, int]] = {}
        for story, n in self.conn.execute(
            "SELECT story, sum(status IN ('conflict', 'revised') OR disputed = 1) FROM measures"
            " WHERE story IS NOT NULL GROUP BY story"
        ):
            out.setdefault(int(story), {})["contested"] = int(n or 0)
        for story, n in self.conn.execute(
            "SELECT story, count(DISTINCT coalesce(outlet, url, source)) FROM documents"
            " WHERE story IS NOT NULL GROUP BY story"
        ):
            out.setdefault(int(story), {})["outlets"] = int(n or 0)
        return out

    def claim(self, claim_id: str) -> Claim | None:
        row = self.conn.execute(
            f"SELECT {', '.join(_quote(f) for f in _CLAIM_FIELDS)} FROM claims WHERE id = ?",
            (claim_id,),
        ).fetchone()
        return _claim(row) if row else None

    def stances(self, *, story: int | None = None, document: int | None = None) -> list[Stance]:
        sql = 'SELECT id, document, actors, stance, target, evidence, start, "end" FROM stances'
        params: list[Any] = []
        if story is not None:
            sql += " WHERE document IN (SELECT id FROM documents WHERE story = ?)"
            params.append(story)
        elif document is not None:
            sql += " WHERE document = ?"
            params.append(document)
        sql += " ORDER BY document, start"
        return [
            Stance(
                id=str(r[0]), document=int(r[1]), actors=list(json.loads(r[2])),
                stance=r[3], target=str(r[4]), evidence=str(r[5]), start=int(r[6]), end=int(r[7]),
            )
            for r in self.conn.execute(sql, params)
        ]  # fmt: skip

    # -- measures ------------------------------------------------------------------------

    def replace_reconciliation(
        self,
        story_id: int,
        measures: Sequence[Measure],
        claim_measure: dict[str, str],
        explanations: dict[str, list[str]],
        brief: str | None,
        citations: Sequence[int],
    ) -> None:
        """Swap one story's measures, brief and explanations; call inside a transaction."""
        self.conn.execute("DELETE FROM measures WHERE story = ?", (story_id,))
        self.conn.execute(
            "UPDATE claims SET measure = NULL, story = ?"
            " WHERE document IN (SELECT id FROM documents WHERE story = ?)",
            (story_id, story_id),
        )
        self.conn.execute(
            "DELETE FROM claim_explanations WHERE claim IN (SELECT claims.id FROM claims"
            " JOIN documents ON documents.id = claims.document WHERE documents.story = ?)",
            (story_id,),
        )
        for m in measures:
            self.conn.execute(
                "INSERT OR REPLACE INTO measures(id, story, label, item, subject, recipient,"
                " predicate, unit, status, disputed, low, high, spread, independent_sources,"
                " ordered, claims, sources, timeline, explanation)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    m.id, story_id, m.label, m.item, m.subject, m.recipient, m.predicate,
                    m.unit, m.status, int(m.disputed), m.low, m.high, m.spread,
                    m.independent_sources, int(m.ordered), json.dumps(m.claims),
                    json.dumps([s.to_dict() for s in m.sources]),
                    json.dumps([t.to_dict() for t in m.timeline]), json.dumps(m.explanation),
                ),
            )  # fmt: skip
        self.conn.executemany(
            "UPDATE claims SET measure = ? WHERE id = ?",
            [(measure, claim) for claim, measure in claim_measure.items()],
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO claim_explanations(claim, lines) VALUES (?, ?)",
            [(claim, json.dumps(lines)) for claim, lines in explanations.items()],
        )
        self.conn.execute(
            "UPDATE stories SET brief = ?, citations = ?, analyzed_at = ? WHERE id = ?",
            (brief, json.dumps(list(citations)), _now(), story_id),
        )

    def measures(
        self,
        *,
        story: int | None = None,
        status: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Measure]:
        """Measures of a story (or all), optionally of one status ("disputed" selects the
        disputed ones), paged in SQL."""
        where, params = _measures_where(story, status)
        sql = f"SELECT * FROM measures{where} ORDER BY story, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_measure(r) for r in self.conn.execute(sql, params)]

    def count_measures(self, *, story: int | None = None, status: str | None = None) -> int:
        where, params = _measures_where(story, status)
        sql = f"SELECT count(*) FROM measures{where}"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def measure(self, measure_id: str) -> Measure | None:
        row = self.conn.execute("SELECT * FROM measures WHERE id = ?", (measure_id,)).fetchone()
        return _measure(row) if row else None

    def explanation(self, claim_id: str) -> list[str] | None:
        row = self.conn.execute(
            "SELECT lines FROM claim_explanations WHERE claim = ?", (claim_id,)
        ).fetchone()
        return list(json.loads(row[0])) if row else None

    # -- corrections ---------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> int:
        """Store a reviewer's correction; its id is assigned here."""
        cur = self.conn.execute(
            "INSERT INTO corrections(kind, story, claims, target, before, after, reason, author,"
            " created_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                correction.kind, correction.story,
                json.dumps([a.to_dict() for a in correction.claims]),
                json.dumps([a.to_dict() for a in correction.target]),
                json.dumps(correction.before), json.dumps(correction.after),
                correction.reason, correction.author, correction.created_at or _now(),
                correction.withdrawn_at,
            ),
        )  # fmt: skip
        return int(cur.lastrowid or 0)

    def corrections(
        self, *, story: int | None = None, include_withdrawn: bool = True
    ) -> list[Correction]:
        """Corrections in the order they were made (the order they are applied in)."""
        clauses: list[str] = []
        params: list[Any] = []
        if story is not None:
            clauses.append("story = ?")
            params.append(story)
        if not include_withdrawn:
            clauses.append("withdrawn_at IS NULL")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.conn.execute(f"SELECT * FROM corrections{where} ORDER BY id", params)
        return [_correction(r) for r in rows]

    def correction(self, correction_id: int) -> Correction | None:
        row = self.conn.execute(
            "SELECT * FROM corrections WHERE id = ?", (correction_id,)
        ).fetchone()
        return _correction(row) if row else None

    def withdraw_correction(self, correction_id: int) -> None:
        self.conn.execute(
            "UPDATE corrections SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL",
            (_now(), correction_id),
        )

    def record_application(
        self,
        correction_id: int,
        claims: Sequence[str],
        measures: Sequence[str],
        unmatched: str | None,
    ) -> None:
        """Where a correction took effect at the last analysis, or why it could not."""
        self.conn.execute(
            "UPDATE corrections SET applied_claims = ?, applied_measures = ?, unmatched = ?"
            " WHERE id = ?",
            (json.dumps(list(claims)), json.dumps(list(measures)), unmatched, correction_id),
        )

    def update_claim(self, claim_id: str, values: dict[str, Any]) -> None:
        """Overwrite some fields of a stored claim (a reviewer's fix); unknown keys refused."""
        unknown = set(values) - set(_CLAIM_FIELDS)
        if unknown or not values:
            raise StoreError(f"cannot set claim fields {sorted(unknown) or '(none)'}")
        assignments = ", ".join(f"{_quote(k)} = ?" for k in values)
        params = [json.dumps(v) if k == "channel" else v for k, v in values.items()]
        self.conn.execute(f"UPDATE claims SET {assignments} WHERE id = ?", [*params, claim_id])

    # -- component state -----------------------------------------------------------------

    def get_state(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM component_state WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put_state(self, key: str, data: bytes) -> None:
        self.conn.execute(
            "INSERT INTO component_state(key, data, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (key, data, _now()),
        )

    # -- problems ------------------------------------------------------------------------

    def add_problem(self, problem: Problem) -> None:
        """Record a stage's failure on one report or story; call inside a transaction."""
        self.conn.execute(
            'INSERT INTO problems(document, story, stage, error, "where", at)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            (problem.document, problem.story, problem.stage, problem.error, problem.where,
             problem.at),
        )

    def clear_problems(
        self, stage: str, *, document: int | None = None, story: int | None = None
    ) -> None:
        """Forget ``stage``'s earlier problems with a report or story that it has now done."""
        if document is not None:
            self.conn.execute(
                "DELETE FROM problems WHERE stage = ? AND document = ?", (stage, document)
            )
        if story is not None:
            self.conn.execute(
                "DELETE FROM problems WHERE stage = ? AND story = ? AND document IS NULL",
                (stage, story),
            )

    def problems(self) -> list[Problem]:
        rows = self.conn.execute(
            'SELECT problems.id, problems.document, problems.story, stage, error, "where", at,'
            " documents.source FROM problems"
            " LEFT JOIN documents ON documents.id = problems.document ORDER BY problems.id"
        ).fetchall()
        return [
            Problem(stage=r["stage"], error=r["error"], at=r["at"], document=r["document"],
                    source=r["source"], story=r["story"], where=r["where"], id=r["id"])
            for r in rows
        ]

    def stats(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for table, label in [
            ("documents", "documents"),
            ("stories", "stories"),
            ("claims", "claims"),
            ("stances", "stances"),
            ("measures", "measures"),
            ("corrections", "corrections"),
        ]:
            result[label] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        result["duplicates"] = int(
            self.conn.execute(
                "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0]
        )
        result["versions"] = int(
            self.conn.execute(
                "SELECT count(*) FROM documents WHERE version_of IS NOT NULL"
            ).fetchone()[0]
        )
        result["outlets"] = int(
            self.conn.execute("SELECT count(DISTINCT outlet) FROM documents").fetchone()[0]
        )
        result["problems"] = int(self.conn.execute("SELECT count(*) FROM problems").fetchone()[0])
        return result


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _pack_offsets(offsets: Sequence[int]) -> bytes:
    import array

    return array.array("i", offsets).tobytes()


def _unpack_offsets(data: bytes | None) -> list[int]:
    import array

    if not data:
        return []
    values = array.array("i")
    values.frombytes(data)
    return values.tolist()


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=int(row["id"]),
        source=str(row["source"]),
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        published_source=row["published_source"],
        language=row["language"],
        duplicate_of=row["duplicate_of"],
        story=row["story"],
        text=str(row["text"]),
        content_hash=str(row["content_hash"]),
        byte_size=int(row["byte_size"]),
        version_of=row["version_of"],
        kind=str(row["kind"]),
    )


def _story(row: sqlite3.Row, documents: list[int]) -> Story:
    return Story(
        id=int(row["id"]),
        title=str(row["title"]),
        documents=documents,
        brief=row["brief"],
        citations=list(json.loads(row["citations"] or "[]")),
        first_published=row["first_published"],
        last_published=row["last_published"],
    )


def _claim(row: sqlite3.Row) -> Claim:
    values = {f: row[f] for f in _CLAIM_FIELDS}
    values["channel"] = list(json.loads(values["channel"] or "[]"))
    values["vague"] = bool(values["vague"])
    values["negated"] = bool(values["negated"])
    return Claim(**values)


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        id=int(row["id"]),
        kind=str(row["kind"]),
        story=row["story"],
        claims=[ClaimAnchor(**a) for a in json.loads(row["claims"])],
        target=[ClaimAnchor(**a) for a in json.loads(row["target"])],
        before=dict(json.loads(row["before"])),
        after=dict(json.loads(row["after"])),
        reason=str(row["reason"]),
        author=str(row["author"]),
        created_at=str(row["created_at"]),
        withdrawn_at=row["withdrawn_at"],
        applied_claims=list(json.loads(row["applied_claims"])),
        applied_measures=list(json.loads(row["applied_measures"])),
        unmatched=row["unmatched"],
    )


def _measure(row: sqlite3.Row) -> Measure:
    return Measure(
        id=str(row["id"]),
        story=row["story"],
        label=str(row["label"]),
        item=row["item"],
        subject=row["subject"],
        recipient=row["recipient"],
        predicate=row["predicate"],
        unit=row["unit"],
        status=row["status"],
        disputed=bool(row["disputed"]),
        low=row["low"],
        high=row["high"],
        spread=row["spread"],
        independent_sources=int(row["independent_sources"]),
        ordered=bool(row["ordered"]),
        claims=list(json.loads(row["claims"])),
        sources=[SourceEcho(**s) for s in json.loads(row["sources"])],
        timeline=[TimelinePoint(**t) for t in json.loads(row["timeline"])],
        explanation=list(json.loads(row["explanation"])),
    )
