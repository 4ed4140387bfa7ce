"""The Ledger: claimledger's library face.

It runs the stages, in order, over one store. The CLI and the web app are thin layers over
this class; nothing outside it calls a stage and the store together. Work is resumable:
each document is written in its own transaction, and ``analyze`` only does what the store
says is not yet done, so a killed run is finished by running it again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimledger import __version__, dedupe
from claimledger.errors import ClaimledgerError, InputError
from claimledger.problems import Problem, problem_from
from claimledger.records import (
    Claim,
    Correction,
    DebrisSpan,
    Document,
    LedgerView,
    Measure,
    RawInput,
    Stance,
    Story,
)
from claimledger.store import Store

Progress = Callable[[str, int, "int | None"], None]

DEFAULT_DB = "claimledger.db"
# bumped when extraction changes what it stores, so `analyze` re-extracts older claims
EXTRACTOR_VERSION = f"claims/{__version__}+measured"
_BATCH = 256


@dataclass
class IngestResult:
    """What one ``ingest`` call did, input by input."""

    added: list[int] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass
class AnalyzeResult:
    stories_touched: list[int] = field(default_factory=list)
    documents_clustered: int = 0
    documents_extracted: int = 0
    claims: int = 0
    measures: int = 0
    problems: list[Problem] = field(default_factory=list)  # reports a stage could not finish


def default_db_path() -> Path:
    return Path(os.environ.get("CLAIMLEDGER_DB") or DEFAULT_DB)


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


_EXTRACTOR: Any = None


def extract_partition(
    documents: list[Document],
) -> list[tuple[list[Claim], list[Stance]] | Problem]:
    """Claim extraction for one partition; top level so process pools and Dask can ship it.

    The partition is parsed in one batch (fast); if anything in it raises, each report is
    read again on its own, so the one that fails becomes a :class:`Problem` and the others
    keep their claims.
    """
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from claimledger.claims import ClaimExtractor

        _EXTRACTOR = ClaimExtractor()
    try:
        return list(_EXTRACTOR.extract_many(documents))
    except Exception:  # narrowed to the failing report just below
        return [_extract_one(_EXTRACTOR, doc) for doc in documents]


def _extract_one(extractor: Any, doc: Document) -> tuple[list[Claim], list[Stance]] | Problem:
    try:
        found: tuple[list[Claim], list[Stance]] = extractor.extract(doc)
    except Exception as exc:  # one report's failure is recorded, not fatal
        return problem_from(exc, "claims", document=doc.id, source=doc.source)
    return found


class Ledger:
    """A claimledger database and the pipeline that fills it."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True) -> None:
        """Open (or, with ``create``, create) the ledger at ``path``.

        ``create=False`` is for readers: a mistyped path raises instead of leaving an empty
        ledger, and its directories, behind and answering zeros.
        """
        self.path = Path(path) if path is not None else default_db_path()
        if not create and not self.path.is_file():
            raise ClaimledgerError(f"no ledger at {self.path}; run ingest first")
        self.store = Store(self.path)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- ingest --------------------------------------------------------------------------

    def ingest(
        self,
        sources: Iterable[str | RawInput],
        *,
        allow_private: bool = False,
        manifest: str | Path | None = None,
        max_bytes: int = 50_000_000,
        timeout: float = 20.0,
        fetch: bool = True,
        stdin: IO[bytes] | None = None,
        progress: Progress | None = None,
    ) -> IngestResult:
        """Read every source into the store; bad inputs are reported, never fatal."""
        from claimledger.ingest import IngestOptions, iter_inputs

        report = progress or _noop
        options = IngestOptions(
            allow_private=allow_private,
            max_bytes=max_bytes,
            timeout=timeout,
            manifest=Path(manifest) if manifest else None,
            fetch=fetch,
        )
        result = IngestResult()
        for done, item in enumerate(self._inputs(sources, options, stdin, iter_inputs), start=1):
            if isinstance(item, InputError):
                result.errors.append(item)
            else:
                try:
                    self._store_input(item, result)
                except InputError as exc:
                    result.errors.append(exc)
                except (ClaimledgerError, OSError, sqlite3.Error):
                    raise  # the store itself failed: nothing else can be stored either
                except Exception as exc:  # a bug met on this input: name it, keep the batch
                    problem = problem_from(exc, "ingest", source=item.source)
                    result.errors.append(InputError(
                        item.source, f"could not be read ({problem.error} [{problem.where}]); "
                        "the other inputs were stored"))
            report("ingest", done, None)
        return result

    @staticmethod
    def _inputs(
        sources: Iterable[str | RawInput],
        options: Any,
        stdin: IO[bytes] | None,
        iter_inputs: Callable[..., Iterator[RawInput | InputError]],
    ) -> Iterator[RawInput | InputError]:
        pending: list[str] = []
        for source in sources:
            if isinstance(source, RawInput):
                if pending:
                    yield from iter_inputs(pending, options, stdin)
                    pending = []
                yield source
            else:
                pending.append(source)
        if pending:
            yield from iter_inputs(pending, options, stdin)

    def _store_input(self, raw: RawInput, result: IngestResult) -> None:
        from claimledger import text as text_stage

        raw_sha = hashlib.sha256(raw.data).hexdigest()
        if self.store.has_raw(raw_sha):
            result.unchanged.append(raw.source)
            return
        hint = raw.outlet or _host(raw.url)
        extracted = text_stage.extract(raw, outlet_boilerplate=self.store.outlet_boilerplate(hint))
        if extracted.outlet and extracted.outlet != hint:
            boilerplate = self.store.outlet_boilerplate(extracted.outlet)
            if boilerplate:
                extracted = text_stage.extract(raw, outlet_boilerplate=boilerplate)
        content_hash = text_stage.content_hash(extracted.text)
        version_of: int | None = None
        url = extracted.url or raw.url
        if url:
            latest = self.store.latest_for_url(url)
            if latest is not None:
                if latest[1] == content_hash:
                    result.unchanged.append(raw.source)
                    return
                version_of = latest[0]
        duplicate_of: int | None = None
        duplicate_kind: str | None = None
        similarity: float | None = None
        original = self.store.original_for_hash(content_hash)
        sig = dedupe.signature(extracted.text)
        if original is not None and version_of is None:
            duplicate_of, duplicate_kind, similarity = self._root(original), "exact", 1.0
        elif sig is not None and version_of is None:
            candidates = self.store.near_duplicate_candidates(sig.bands)
            best = dedupe.best_near_duplicate(sig, candidates)
            if best is not None:
                duplicate_of, duplicate_kind, similarity = self._root(best[0]), "near", best[1]
        if raw.kind in ("text", "markdown"):
            lines = extracted.raw_text.splitlines()
        else:
            lines = extracted.text.splitlines() + [d.text for d in extracted.debris]
        keys = {text_stage.line_key(line) for line in lines if line.strip()}
        keys.discard("")
        with self.store.transaction():
            doc_id = self.store.add_document(
                raw,
                raw_sha,
                extracted,
                content_hash=content_hash,
                duplicate_of=duplicate_of,
                duplicate_kind=duplicate_kind,
                similarity=similarity,
                version_of=version_of,
                minhash=sig.minhash if sig else None,
            )
            if sig is not None:
                self.store.add_near_duplicate_bands(doc_id, sig.bands)
            self.store.count_outlet_lines(extracted.outlet, keys)
        result.added.append(doc_id)
        if version_of is not None:
            result.versions.append(doc_id)
        if duplicate_of is not None:
            result.duplicates.append(doc_id)

    def _root(self, doc_id: int) -> int:
        seen = set()
        current = doc_id
        while current not in seen:
            seen.add(current)
            doc = self.store.document(current)
            if doc is None or doc.duplicate_of is None:
                return current
            current = doc.duplicate_of
        return current

    # -- analyze -------------------------------------------------------------------------

    def analyze(
        self,
        *,
        workers: int = 1,
        engine: str = "local",
        scheduler: str | None = None,
        words: int = 100,
        reextract: bool = False,
        progress: Progress | None = None,
    ) -> AnalyzeResult:
        """Cluster new reports into stories, extract claims, and reconcile touched stories."""
        report = progress or _noop
        result = AnalyzeResult()
        touched: set[int] = set()
        self._cluster(touched, result, report)
        self._extract(touched, result, report, workers, engine, scheduler, reextract)
        self._reconcile(touched, result, report, words)
        result.stories_touched = sorted(touched)
        return result

    def _cluster(self, touched: set[int], result: AnalyzeResult, report: Progress) -> None:
        from claimledger.stories import StoryClusterer

        pending = self.store.document_ids("story IS NULL")
        if not pending:
            return
        clusterer = StoryClusterer(self.store.get_state("stories"))
        for start in range(0, len(pending), _BATCH):
            batch = self.store.documents(ids=pending[start : start + _BATCH])
            assignments: list[tuple[int, int]] = []
            failed: list[Problem] = []
            for doc in batch:
                original = self.store.document(doc.duplicate_of) if doc.duplicate_of else None
                if original is not None and original.story is not None:
                    key = original.story
                else:
                    try:
                        key = clusterer.assign(doc)
                    except Exception as exc:  # recorded; the batch goes on
                        failed.append(problem_from(exc, "stories", document=doc.id,
                                                   source=doc.source))
                        continue
                assignments.append((doc.id, key))
            self._record(failed, result)
            with self.store.transaction():
                for doc_id, key in assignments:
                    self.store.upsert_story(key, clusterer.title(key))
                    self.store.set_document_story(doc_id, key)
                    self.store.clear_problems("stories", document=doc_id)
                    touched.add(key)
                self.store.put_state("stories", clusterer.dump())
            result.documents_clustered += len(batch)
            report("stories", result.documents_clustered, len(pending))
        with self.store.transaction():
            for key in touched:
                self.store.upsert_story(key, clusterer.title(key))
                self.store.refresh_story_span(key)

    def _extract(
        self,
        touched: set[int],
        result: AnalyzeResult,
        report: Progress,
        workers: int,
        engine: str,
        scheduler: str | None,
        reextract: bool,
    ) -> None:
        from claimledger.engines import run_partitions

        if reextract:
            pending = self.store.document_ids("1")
        else:
            pending = self.store.document_ids(
                "extracted_with IS NULL OR extracted_with != ?", (EXTRACTOR_VERSION,)
            )
        if not pending:
            return

        def documents() -> Iterator[Document]:
            for start in range(0, len(pending), _BATCH):
                yield from self.store.documents(ids=pending[start : start + _BATCH])

        ids = iter(pending)
        outputs = run_partitions(
            extract_partition,
            documents(),
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            partition_size=_BATCH,
        )
        for output in outputs:
            doc_id = next(ids)
            if isinstance(output, Problem):
                # left unmarked, so the next `analyze` (after an upgrade) tries it again
                self._record([output], result)
                result.documents_extracted += 1
                report("claims", result.documents_extracted, len(pending))
                continue
            claims, stances = output
            with self.store.transaction():
                self.store.replace_claims(doc_id, claims, stances, EXTRACTOR_VERSION)
                self.store.clear_problems("claims", document=doc_id)
            doc = self.store.document(doc_id)
            if doc is not None and doc.story is not None:
                touched.add(doc.story)
            result.documents_extracted += 1
            result.claims += len(claims)
            report("claims", result.documents_extracted, len(pending))

    def _reconcile(
        self, touched: set[int], result: AnalyzeResult, report: Progress, words: int
    ) -> None:
        from claimledger import review
        from claimledger.reconcile import reconcile

        for n, story_id in enumerate(sorted(touched), start=1):
            story = self.store.story(story_id)
            if story is None:
                continue
            documents = self.store.documents(story=story_id)
            try:
                stances = self.store.stances(story=story_id)
                corrections = self._corrections_for(documents)
                # reviewers' corrections: claim fixes before reconcile, regrouping and statuses
                # after it (see claimledger.review)
                prepared = review.prepare(self.store.claims(story=story_id), corrections)
                outcome = reconcile(story, documents, prepared.claims, stances, words=words)
                if corrections:
                    outcome = review.regroup(
                        outcome, story, documents, prepared, stances, corrections, words
                    )
            except Exception as exc:  # one story's failure is recorded, the others go on
                self._record([problem_from(exc, "reconcile", story=story_id)], result)
                continue
            with self.store.transaction():
                self.store.clear_problems("reconcile", story=story_id)
                for claim_id, values in prepared.fixed.items():
                    self.store.update_claim(claim_id, values)
                for corr in corrections:
                    applied = prepared.applied.get(corr.id, review.Applied())
                    self.store.record_application(
                        corr.id, applied.claims, applied.measures, applied.unmatched
                    )
                self.store.replace_reconciliation(
                    story_id,
                    outcome.measures,
                    outcome.claim_measure,
                    outcome.explanations,
                    outcome.brief,
                    outcome.citations,
                )
            result.measures += len(outcome.measures)
            report("reconcile", n, len(touched))

    def _corrections_for(self, documents: list[Document]) -> list[Correction]:
        """Active corrections about these reports, found by their anchors (not by story id,
        which re-clustering may change)."""
        ids = {d.id for d in documents}
        return [
            c
            for c in self.store.corrections(include_withdrawn=False)
            if any(a.document in ids for a in [*c.claims, *c.target])
        ]

    # -- review --------------------------------------------------------------------------

    def correct(
        self,
        kind: str,
        *,
        claims: Sequence[str] = (),
        measure: str | None = None,
        into: str | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
        author: str = "",
        words: int = 100,
    ) -> Correction:
        """Record a reviewer's correction and apply it at once (the story is reconciled
        again; nothing is re-extracted). It is re-applied after every later analysis.

        ``kind`` is one of reject, value, claimer, item, actors (on ``claims``); move
        (``claims`` ``into`` a measure); split (``claims`` out of ``measure`` into a new one,
        ``after={"label": ...}`` optional); merge (``measure`` ``into`` another); status
        (of ``measure``, ``after={"status": ...}``).
        """
        from claimledger import review

        values = review.validate(kind, dict(after or {}))
        picked = [self._claim_or_raise(cid) for cid in claims]
        source = self._measure_or_raise(measure) if measure else None
        target = self._measure_or_raise(into) if into else None
        needs = {
            "move": (picked and target, "claims to move and the measure to move them into"),
            "split": (picked and source, "the measure and the claims to split off"),
            "merge": (source and target, "the measure and the measure to merge it into"),
            "status": (source, "the measure whose status to set"),
        }.get(kind, (picked, "the claims to correct"))
        if not needs[0]:
            raise review.CorrectionError(f"a {kind} correction needs {needs[1]}")
        if kind == "split" and source is not None:
            stray = [c.id for c in picked if c.id not in source.claims]
            if stray:
                raise review.CorrectionError(
                    f"claims {', '.join(stray)} are not in measure {source.id}"
                )
        if kind in ("merge", "status") and source is not None:
            picked = [c for cid in source.claims if (c := self.store.claim(cid)) is not None]
        before: dict[str, Any] = {}
        if kind in review.CLAIM_KINDS and kind != "reject":
            before = {k: getattr(picked[0], k) for k in values}
        elif kind == "reject":
            before = {"measure": picked[0].measure}
        elif kind == "status" and source is not None:
            before = {"status": source.status, "disputed": source.disputed}
        elif kind in ("move", "split"):
            before = {"measure": picked[0].measure}
        elif kind == "merge" and source is not None:
            before = {"measure": source.id}
        if kind in ("move", "merge") and target is not None:
            values = {**values, "measure": target.id}
        story = (source.story if source else None) or (picked[0].story if picked else None)
        target_claims = [
            c for cid in (target.claims if target else []) if (c := self.store.claim(cid))
        ]
        correction = Correction(
            id=0,
            kind=kind,
            story=story,
            claims=[review.anchor_of(c) for c in picked],
            target=[review.anchor_of(c) for c in target_claims],
            before=before,
            after=values,
            reason=reason,
            author=author,
        )
        with self.store.transaction():
            correction.id = self.store.add_correction(correction)
        self._reapply(story, words)
        stored = self.store.correction(correction.id)
        assert stored is not None
        return stored

    def corrections(self, *, story: int | None = None) -> list[Correction]:
        """Every correction, withdrawn ones included, oldest first."""
        if story is None:
            return self.store.corrections()
        ids = {d.id for d in self.store.documents(story=story)}
        return [
            c for c in self.store.corrections()
            if c.story == story or any(a.document in ids for a in [*c.claims, *c.target])
        ]  # fmt: skip

    def withdraw(self, correction_id: int, *, words: int = 100) -> Correction:
        """Withdraw a correction: the machine's reading comes back (fixed fields restored)."""
        found = self.store.correction(correction_id)
        if found is None:
            raise ClaimledgerError(
                f"no correction {correction_id} in {self.path}; see `claimledger review list`"
            )
        with self.store.transaction():
            self.store.withdraw_correction(correction_id)
            restore = {k: v for k, v in found.before.items() if k != "measure"}
            if found.kind in ("value", "claimer", "item", "actors") and restore:
                for claim_id in found.applied_claims:
                    self.store.update_claim(claim_id, restore)
        self._reapply(found.story, words)
        stored = self.store.correction(correction_id)
        assert stored is not None
        return stored

    def import_corrections(self, corrections: Sequence[Correction]) -> list[Correction]:
        """Add corrections shared by another ledger (``export --corrections``); they are
        matched here by report and evidence span like any other."""
        stories: set[int] = set()
        with self.store.transaction():
            for c in corrections:
                fresh = dataclasses.replace(
                    c, id=0, applied_claims=[], applied_measures=[], unmatched=None
                )
                fresh.id = self.store.add_correction(fresh)
                for a in [*c.claims, *c.target]:
                    doc = self.store.document(a.document)
                    if doc is not None and doc.story is not None:
                        stories.add(doc.story)
        self._reconcile(stories, AnalyzeResult(), _noop, 100)
        return self.store.corrections()[-len(corrections) :] if corrections else []

    def _reapply(self, story: int | None, words: int) -> None:
        if story is not None:
            self._reconcile({story}, AnalyzeResult(), _noop, words)

    def _claim_or_raise(self, claim_id: str) -> Claim:
        claim = self.store.claim(claim_id)
        if claim is None:
            raise ClaimledgerError(
                f"no claim {claim_id!r} in {self.path}; claim ids look like '12-3' "
                "(see `claimledger export --format csv`)"
            )
        return claim

    def _measure_or_raise(self, measure_id: str) -> Measure:
        measure = self.store.measure(measure_id)
        if measure is None:
            raise ClaimledgerError(
                f"no measure {measure_id!r} in {self.path}; see `claimledger report` or "
                "`claimledger export`"
            )
        return measure

    def _record(self, problems: list[Problem], result: AnalyzeResult) -> None:
        """Store each problem with its report (replacing that stage's older ones)."""
        if not problems:
            return
        with self.store.transaction():
            for problem in problems:
                self.store.clear_problems(problem.stage, document=problem.document,
                                          story=problem.story)
                self.store.add_problem(problem)
        result.problems.extend(problems)

    # -- reading -------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every report (or story) a stage could not finish, oldest first."""
        return self.store.problems()

    def documents(self, *, story: int | None = None) -> list[Document]:
        return self.store.documents(story=story)

    def document(self, doc_id: int) -> Document | None:
        return self.store.document(doc_id)

    def claims(
        self,
        *,
        story: int | None = None,
        document: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims in text order; ``limit``/``offset`` page them in SQL."""
        return self.store.claims(story=story, document=document, limit=limit, offset=offset)

    def count_claims(self, *, story: int | None = None, document: int | None = None) -> int:
        return self.store.count_claims(story=story, document=document)

    def story_counts(self) -> dict[int, tuple[int, int]]:
        """(claims, measures) per story id."""
        return self.store.story_counts()

    def story_triage(self) -> dict[int, dict[str, int]]:
        """Per story id: {"contested": measures in conflict/revised/disputed, "outlets": n}."""
        return self.store.story_triage()

    def claim(self, claim_id: str) -> Claim | None:
        return self.store.claim(claim_id)

    def stances(self, *, story: int | None = None, document: int | None = None) -> list[Stance]:
        return self.store.stances(story=story, document=document)

    def measures(
        self,
        *,
        story: int | None = None,
        status: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Measure]:
        """Measures by story and id; ``status`` filters (``"disputed"`` for the disputed)."""
        return self.store.measures(story=story, status=status, limit=limit, offset=offset)

    def count_measures(self, *, story: int | None = None, status: str | None = None) -> int:
        return self.store.count_measures(story=story, status=status)

    def measure(self, measure_id: str) -> Measure | None:
        return self.store.measure(measure_id)

    def stories(self) -> list[Story]:
        return self.store.stories()

    def story(self, story_id: int) -> Story | None:
        return self.store.story(story_id)

    def search(self, query: str, limit: int = 50) -> list[Story]:
        stories = [self.store.story(i) for i in self.store.search(query, limit)]
        return [s for s in stories if s is not None]

    def view(self, story: int | None = None) -> LedgerView:
        if story is None:
            stories = self.stories()
        else:
            found = self.story(story)
            if found is None:
                raise ClaimledgerError(
                    f"no story {story} in {self.path}; see `claimledger stories`"
                )
            stories = [found]
        return LedgerView(
            documents=self.documents(story=story),
            stories=stories,
            claims=self.claims(story=story),
            stances=self.stances(story=story),
            measures=self.measures(story=story),
            corrections=self.corrections(story=story),
        )

    def explain(self, claim_id: str) -> list[str]:
        claim = self.store.claim(claim_id)
        if claim is None:
            raise ClaimledgerError(
                f"no claim {claim_id!r} in {self.path}; claim ids look like '12-3' "
                "(see `claimledger export --format csv`)"
            )
        lines = self.store.explanation(claim_id)
        if lines is None:
            return [f"claim {claim_id} has not been reconciled yet: run `claimledger analyze`"]
        return lines

    def debris(self, document_id: int) -> list[DebrisSpan]:
        return self.store.debris(document_id)

    def raw(self, document_id: int) -> bytes:
        data = self.store.raw(document_id)
        if data is None:
            raise ClaimledgerError(f"no document {document_id} in {self.path}")
        return data

    def stats(self) -> dict[str, int]:
        return self.store.stats()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
