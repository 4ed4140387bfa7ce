"""The FastAPI application behind ``claimledger serve``.

Pages are rendered on the server and work with JavaScript off; the JSON API under /api/
mirrors the ``claimledger/1`` export with paging. Every request opens its own Ledger
(SQLite in WAL mode makes that cheap) because a Ledger is not shared across threads, and
writes happen only in the background job runner.
"""

from __future__ import annotations

import math
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.ingest.formats import kind_for_name, sniff
from claimledger.ledger import Ledger
from claimledger.records import Claim, Document, Measure, RawInput
from claimledger.report.export import DOCUMENT_FIELDS, SCHEMA, payload
from claimledger.report.html import brief_parts, source_graph, timeline
from claimledger.report.model import (
    MeasureView,
    anchor,
    build,
    evidence_parts,
    figure,
    measure_range,
    number,
    outlet_name,
)
from claimledger.review import describe as describe_correction
from claimledger.web.jobs import Job, JobRunner
from claimledger.web.review import register as register_review
from claimledger.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SecurityMiddleware,
    new_csrf_token,
    same,
)
from claimledger.web.triage import SORTS, build_triage, story_rows
from claimledger.web.views import badges, safe_url, segments
from claimledger.words import count

STATIC = Path(__file__).resolve().parent / "static"
MAX_URLS = 50
MAX_TEXT_CHARS = 2_000_000
_UPLOAD_KINDS = {"text", "markdown", "html"}
_MAX_ID = 2**63 - 1  # SQLite's INTEGER range; larger ids cannot exist
IdPath = Annotated[int, PathParam(ge=0, le=_MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=0, le=_MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=_MAX_ID)]  # paged in SQL: SQLite's range again
StatusFilter = Literal["single", "agree", "revised", "conflict", "disputed"]


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=500)
    published: str | None = Field(default=None, max_length=40, description="ISO date")
    url: str | None = Field(default=None, max_length=4000)


class IngestIn(BaseModel):
    texts: list[TextIn] = Field(default_factory=list, max_length=200)
    urls: list[str] = Field(default_factory=list, max_length=MAX_URLS)


class JobOut(BaseModel):
    id: str
    state: str
    stage: str
    done: int
    total: int | None
    inputs: list[str]
    added: list[int]
    unchanged: list[str]
    duplicates: list[int]
    errors: list[dict[str, str]]
    stories: list[int]
    message: str | None
    status_url: str | None = None


class _Snapshot:
    """Whole-ledger lists cached until the database files change.

    The store answers lists in full (it has no paging), and building thousands of records
    per request would dominate latency on a large ledger; any write (ingest, analyze, a CLI
    run beside the server) changes the size or mtime of the database or its WAL, which
    drops the cache.
    """

    _MAX_ENTRIES = 64

    def __init__(self, db_path: Path, jobs: JobRunner) -> None:
        self.files = [db_path, db_path.with_name(db_path.name + "-wal")]
        self.jobs = jobs
        self.key: tuple[tuple[int, int], ...] | None = None
        self.data: dict[tuple[Any, ...], Any] = {}
        self.lock = threading.Lock()

    def _version(self) -> tuple[tuple[int, int], ...]:
        out = [(self.jobs.generation, 0)]
        for f in self.files:
            try:
                st = f.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((0, -1))
        return tuple(out)

    def get(self, name: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        key = self._version()
        with self.lock:
            if key != self.key:
                self.data.clear()
                self.key = key
            if name in self.data:
                return self.data[name]
        value = compute()
        with self.lock:
            if self.key == key:
                if len(self.data) >= self._MAX_ENTRIES:
                    self.data.clear()
                self.data[name] = value
        return value


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimledger.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        number=number,
        figure=figure,
        anchor=anchor,
        safe_url=safe_url,
        badges=badges,
        outlet_name=outlet_name,
        describe_correction=describe_correction,
        version=__version__,
        quote_path=lambda s: urllib.parse.quote(str(s), safe=""),
    )
    env.filters["count"] = lambda n, noun: count(int(n), str(noun))
    # compile every template now: the first visitor of each page would otherwise wait
    # ~100 ms for Jinja to compile it
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    return env


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return _envelope(len(items), items[offset : offset + limit], limit, offset)


def _envelope(total: int, items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list endpoint: the items, and where they sit in the whole."""
    return {"schema": SCHEMA, "total": total, "limit": limit, "offset": offset, "items": items}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _document_dict(doc: Document) -> dict[str, Any]:
    data = doc.to_dict()
    return {k: data.get(k) for k in DOCUMENT_FIELDS}


def _raw_from_text(n: int, item: TextIn) -> RawInput:
    published = item.published.strip() if item.published and item.published.strip() else None
    return RawInput(
        source=f"paste:{n}",
        data=item.text.encode("utf-8"),
        kind="text",
        url=safe_url(item.url),
        title=item.title.strip() if item.title and item.title.strip() else None,
        outlet=item.outlet.strip() if item.outlet and item.outlet.strip() else None,
        published=published,
        published_source="manifest" if published else None,
        encoding="utf-8",
    )


def _raw_from_upload(name: str, data: bytes) -> RawInput | str:
    """A RawInput for an uploaded report, or the reason it cannot be taken here."""
    base = Path(name.replace("\\", "/")).name or "upload"
    kind = kind_for_name(base) or sniff(data)
    if kind == "binary":
        return "binary file: upload plain text, Markdown or HTML reports"
    if kind not in _UPLOAD_KINDS:
        return (
            f"a {kind} container holds many reports: ingest it with "
            f"`claimledger ingest {base}` (uploads take text, Markdown or HTML)"
        )
    return RawInput(source=f"upload:{base}", data=data, kind=kind)


def _split_urls(text: str) -> list[str]:
    return [u for u in (line.strip() for line in text.splitlines()) if u]


def create_app(
    db_path: Path,
    token: str | None = None,
    *,
    max_upload_bytes: int = 10_000_000,
    max_files: int = 20,
    allow_private: bool = False,
) -> FastAPI:
    """The web UI and API over ``db_path``; with ``token`` every request must carry it."""
    db_path = Path(db_path)
    env = _environment()
    jobs = JobRunner(db_path, allow_private=allow_private)
    app = FastAPI(
        title="claimledger",
        version=__version__,
        description="Who claims what figure, on whose authority, across news reports.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.jobs = jobs
    # One connection held open for the app's life keeps SQLite from deleting and recreating
    # the WAL file around every request, so its mtime changes only when something writes.
    app.state.keeper = Ledger(db_path)
    snapshot = _Snapshot(db_path, jobs)

    @contextmanager
    def open_ledger() -> Iterator[Ledger]:
        ledger = Ledger(db_path)
        try:
            yield ledger
        finally:
            ledger.close()

    def render(
        request: Request,
        name: str,
        status_code: int = 200,
        *,
        reuse: tuple[Any, ...] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        """A page, with a CSRF cookie for the forms; ``reuse`` caches pages with no form."""
        csrf = request.cookies.get(CSRF_COOKIE)
        fresh = not csrf or len(csrf) < 32 or len(csrf) > 128
        if fresh:
            csrf = new_csrf_token()

        def draw() -> str:
            return env.get_template(name).render(
                request_path=request.url.path, csrf=csrf, **context
            )

        html = draw() if reuse is None else str(snapshot.get(("html", *reuse), draw))
        response = HTMLResponse(html, status_code=status_code)
        response.headers["cache-control"] = "no-store"
        if fresh:
            response.set_cookie(CSRF_COOKIE, str(csrf), httponly=True, samesite="strict", path="/")
        return response

    def cached(name: tuple[Any, ...], compute: Callable[[Ledger], Any]) -> Any:
        def run() -> Any:
            with open_ledger() as ledger:
                return compute(ledger)

        return snapshot.get(name, run)

    def not_found(what: str) -> HTTPException:
        return HTTPException(status_code=404, detail=f"{what} not found in {db_path.name}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return render(
            request, "error.html", status_code=exc.status_code, status=exc.status_code,
            detail=str(exc.detail),
        )  # fmt: skip

    # -- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
        q: Annotated[str, Query(max_length=500)] = "",
        offset: Offset = 0,
        sort: Annotated[Literal["latest", "conflicts", "reports", "outlets", ""], Query()] = "",
        contested: bool = False,
    ) -> HTMLResponse:
        limit = 100
        with open_ledger() as ledger:
            if q.strip():
                stories = ledger.search(q, limit=limit)
            else:
                stories = list(snapshot.get(("stories",), ledger.stories))
            counts = snapshot.get(("counts",), ledger.story_counts)
            stats = snapshot.get(("stats",), ledger.stats)
            triage = snapshot.get(("triage",), ledger.story_triage)
        if not q.strip() or sort or contested:
            stories = story_rows(stories, triage, sort or "latest", contested)
        rows = [
            {"story": s, "claims": counts.get(s.id, (0, 0))[0],
             "measures": counts.get(s.id, (0, 0))[1],
             "contested": triage.get(s.id, {}).get("contested", 0),
             "outlets": triage.get(s.id, {}).get("outlets", 0)}
            for s in stories[offset : offset + limit]
        ]
        return render(
            request, "stories.html", rows=rows, q=q, total=len(stories), offset=offset,
            limit=limit, stats=stats, sort=sort or "latest", contested=contested, sorts=SORTS,
        )  # fmt: skip

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: IdPath) -> HTMLResponse:
        def compute(ledger: Ledger) -> dict[str, Any] | None:
            if ledger.story(story_id) is None:
                return None
            sv = build(ledger.view(story=story_id))[0]
            cited = {c.doc_id: c.n for c in sv.citations}
            return {
                "sv": sv,
                "brief": brief_parts(sv.story.brief),
                "cite_doc": {c.n: c.doc_id for c in sv.citations},
                "graph": source_graph(sv),
                "charts": {
                    mv.measure.id: (timeline(mv, cited), _claim_links(mv)) for mv in sv.measures
                },
                "cited": {c.doc_id: c.n for c in sv.citations},
                "claim_counts": _count_by_document(sv.claims),
                "triage": build_triage(sv),
            }

        context = cached(("story-page", story_id), compute)
        if context is None:
            raise not_found(f"story {story_id}")
        return render(
            request, "story.html", reuse=("story", story_id), measure_range=measure_range,
            **context,
        )  # fmt: skip

    @app.get("/report/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, doc_id: IdPath) -> HTMLResponse:
        with open_ledger() as ledger:
            doc = ledger.document(doc_id)
            if doc is None:
                raise not_found(f"report {doc_id}")
            claims = ledger.claims(document=doc_id)
            debris = ledger.debris(doc_id)
            story = ledger.story(doc.story) if doc.story is not None else None
            measures = {m.id: m for m in ledger.measures(story=doc.story)} if story else {}
            versions = [
                d for d in ledger.documents(story=doc.story)
                if d.id != doc.id and (d.version_of == doc.id or d.id == doc.version_of)
            ] if story else []  # fmt: skip
        parts, lost = segments(doc.text, claims)
        return render(
            request, "report.html", doc=doc, segments=parts, lost=lost, claims=claims,
            debris=debris, story=story, measures=measures, versions=versions,
        )  # fmt: skip

    @app.get("/measure/{measure_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def measure_page(request: Request, measure_id: str) -> HTMLResponse:
        with open_ledger() as ledger:
            measure = ledger.measure(measure_id)
            if measure is None:
                raise not_found(f"measure {measure_id!r}")
            view = ledger.view(story=measure.story) if measure.story is not None else None
        if view is None:
            raise not_found(f"the story of measure {measure_id!r}")
        sv = build(view)[0]
        mv = next((m for m in sv.measures if m.measure.id == measure_id), None)
        if mv is None:
            raise not_found(f"measure {measure_id!r}")
        rows = [{"row": r, "parts": evidence_parts(r.claim)} for r in mv.rows + mv.context]
        return render(
            request, "measure.html", mv=mv, m=mv.measure, story=sv.story, rows=rows,
            chart=timeline(mv), links=_claim_links(mv), fields=_fields(mv.measure),
            reviewed=sv.reviewed_measures.get(measure_id, []), sv=sv,
        )  # fmt: skip

    @app.get("/claim/{claim_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, claim_id: str) -> HTMLResponse:
        with open_ledger() as ledger:
            claim = ledger.claim(claim_id)
            if claim is None:
                raise not_found(f"claim {claim_id!r}")
            doc = ledger.document(claim.document)
            explain = ledger.explain(claim_id)
            measure = ledger.measure(claim.measure) if claim.measure else None
            reviewed = [c for c in ledger.corrections(story=claim.story)
                        if claim_id in c.applied_claims and not c.withdrawn_at]  # fmt: skip
        echoes = [e for e in measure.sources if claim.id in e.claims] if measure else []
        return render(
            request, "claim.html", claim=claim, doc=doc, explain=explain, measure=measure,
            echoes=echoes, parts=evidence_parts(claim), fields=_fields(claim),
            figure_text=figure(claim), reviewed=reviewed,
        )  # fmt: skip

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        return render(
            request, "add.html", max_files=max_files, max_mb=max_upload_bytes / 1_000_000,
            allow_private=allow_private, errors=[], form={},
        )  # fmt: skip

    @app.post("/add", include_in_schema=False)
    async def add_submit(request: Request) -> Response:
        body = await _bounded_body(request, max_upload_bytes)
        request._body = body  # let Starlette parse the body read above
        try:
            form = await request.form(max_files=max_files, max_fields=50)
        except HTTPException:
            raise
        except Exception as exc:  # malformed multipart or over max_files
            reason = str(exc)
            status = 413 if "Too many files" in reason else 400
            raise HTTPException(status, f"the form could not be read: {reason}") from exc
        try:
            token_field = form.get(CSRF_FIELD)
            if not isinstance(token_field, str) or not same(
                token_field, request.cookies.get(CSRF_COOKIE)
            ):
                raise HTTPException(
                    403,
                    "the form's security token did not match: reload the Add page and "
                    "submit again (cookies must be enabled)",
                )
            inputs: list[str | RawInput] = []
            errors: list[dict[str, str]] = []
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                item = TextIn(
                    text=text[:MAX_TEXT_CHARS],
                    title=_field(form.get("title"), 2000),
                    outlet=_field(form.get("outlet"), 500),
                    published=_field(form.get("published"), 40),
                    url=_field(form.get("url"), 4000),
                )
                inputs.append(_raw_from_text(1, item))
            uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if len(uploads) > max_files:
                raise HTTPException(413, f"at most {max_files} files per upload")
            for upload in uploads:
                if not upload.filename:
                    continue
                data = await upload.read()
                if not data:
                    errors.append({"input": f"upload:{upload.filename}", "reason": "empty file"})
                    continue
                raw = _raw_from_upload(upload.filename, data)
                if isinstance(raw, str):
                    errors.append({"input": f"upload:{upload.filename}", "reason": raw})
                else:
                    inputs.append(raw)
            urls = form.get("urls")
            if isinstance(urls, str):
                found = _split_urls(urls)
                if len(found) > MAX_URLS:
                    raise HTTPException(413, f"at most {MAX_URLS} URLs at a time")
                inputs.extend(found)
        finally:
            await form.close()
        if not inputs and not errors:
            return render(
                request, "add.html", status_code=400, max_files=max_files,
                max_mb=max_upload_bytes / 1_000_000, allow_private=allow_private,
                errors=["nothing to add: paste a report, choose files or give URLs"], form={},
            )  # fmt: skip
        job = jobs.submit(inputs, errors)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str) -> HTMLResponse:
        job = jobs.get(job_id)
        if job is None:
            raise not_found(f"job {job_id!r}")
        return render(request, "job.html", job=job)

    register_review(app, open_ledger, render)  # /review/... forms and /api/corrections

    # -- API -----------------------------------------------------------------------------

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        from claimledger.web.apidocs import operations

        return render(request, "api_docs.html", ops=operations(app.openapi()))

    @app.get("/api/stories", summary="List stories")
    def api_stories(
        q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stories, newest first, or best match first with ``q`` (SQLite FTS5)."""
        if q and q.strip():
            with open_ledger() as ledger:
                found = [_clean(s.to_dict()) for s in ledger.search(q, limit=1000)]
            return _page(found, limit, offset)
        return _page(cached(("api-stories",), lambda ledger: [
            _clean(s.to_dict()) for s in ledger.stories()
        ]), limit, offset)  # fmt: skip

    @app.get("/api/stories/{story_id}", summary="One story")
    def api_story(story_id: IdPath) -> dict[str, Any]:
        with open_ledger() as ledger:
            story = ledger.story(story_id)
        if story is None:
            raise not_found(f"story {story_id}")
        return dict(_clean(story.to_dict()))

    @app.get("/api/documents", summary="List reports")
    def api_documents(
        story: IdQuery = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        docs = cached(("api-documents", story), lambda ledger: [
            _document_dict(d) for d in ledger.documents(story=story)
        ])  # fmt: skip
        return _page(docs, limit, offset)

    @app.get("/api/documents/{doc_id}", summary="One report")
    def api_document(doc_id: IdPath) -> dict[str, Any]:
        with open_ledger() as ledger:
            doc = ledger.document(doc_id)
            debris = ledger.debris(doc_id) if doc is not None else []
        if doc is None:
            raise not_found(f"report {doc_id}")
        return {**_document_dict(doc), "debris": [d.to_dict() for d in debris]}

    @app.get("/api/claims", summary="List claims")
    def api_claims(
        story: IdQuery = None,
        document: IdQuery = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        def compute(ledger: Ledger) -> dict[str, Any]:
            rows = ledger.claims(story=story, document=document, limit=limit, offset=offset)
            total = ledger.count_claims(story=story, document=document)
            return _envelope(total, [_clean(c.to_dict()) for c in rows], limit, offset)

        # paged in SQL: a ledger of 100k reports holds far more claims than one page needs
        page: dict[str, Any] = cached(("api-claims", story, document, limit, offset), compute)
        return page

    @app.get("/api/claims/{claim_id:path}", summary="One claim, with its explanation")
    def api_claim(claim_id: str) -> dict[str, Any]:
        with open_ledger() as ledger:
            claim = ledger.claim(claim_id)
            if claim is None:
                raise not_found(f"claim {claim_id!r}")
            explain = ledger.explain(claim_id)
            reviewed = [c.id for c in ledger.corrections(story=claim.story)
                        if claim_id in c.applied_claims and not c.withdrawn_at]  # fmt: skip
        return {**_clean(claim.to_dict()), "explain": explain, "reviewed": reviewed}

    @app.get("/api/stances", summary="List accusations and denials")
    def api_stances(
        story: IdQuery = None,
        document: IdQuery = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Who accuses or denies what, as the reports word it."""
        stances = cached(("api-stances", story, document), lambda ledger: [
            s.to_dict() for s in ledger.stances(story=story, document=document)
        ])  # fmt: skip
        return _page(stances, limit, offset)

    @app.get("/api/measures", summary="List measures")
    def api_measures(
        story: IdQuery = None,
        status: StatusFilter | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        def compute(ledger: Ledger) -> dict[str, Any]:
            rows = ledger.measures(story=story, status=status, limit=limit, offset=offset)
            total = ledger.count_measures(story=story, status=status)
            return _envelope(total, [_clean(m.to_dict()) for m in rows], limit, offset)

        page: dict[str, Any] = cached(("api-measures", story, status, limit, offset), compute)
        return page

    @app.get("/api/measures/{measure_id:path}", summary="One measure")
    def api_measure(measure_id: str) -> dict[str, Any]:
        with open_ledger() as ledger:
            measure = ledger.measure(measure_id)
            reviewed = [
                c.id for c in ledger.corrections(story=measure.story)
                if not c.withdrawn_at and (measure_id in c.applied_measures
                                           or set(c.applied_claims) & set(measure.claims))
            ] if measure is not None else []  # fmt: skip
        if measure is None:
            raise not_found(f"measure {measure_id!r}")
        return {**_clean(measure.to_dict()), "reviewed": reviewed}

    @app.get("/api/export", summary="The claimledger/1 export")
    def api_export(story: IdQuery = None) -> dict[str, Any]:
        """Everything (or one story) in the exact shape ``claimledger export`` writes."""

        def compute(ledger: Ledger) -> dict[str, Any] | str:
            try:
                return payload(ledger.view(story=story))
            except ClaimledgerError as exc:
                return str(exc)

        result = cached(("export", story), compute)
        if isinstance(result, str):
            raise HTTPException(404, result)
        return dict(result)

    @app.get("/api/stats", summary="Counts of what the ledger holds")
    def api_stats() -> dict[str, int]:
        with open_ledger() as ledger:
            return ledger.stats()

    @app.post("/api/ingest", status_code=202, summary="Add reports", response_model=JobOut)
    async def api_ingest(request: Request, body: IngestIn) -> JSONResponse:
        """Queue pasted texts and URLs; poll ``status_url`` until ``state`` is done or failed.

        Only JSON is accepted, which a cross-site form cannot send without a preflight.
        """
        if not request.headers.get("content-type", "").startswith("application/json"):
            raise HTTPException(415, "send the body as application/json")
        if not body.texts and not body.urls:
            raise HTTPException(422, "give at least one text or URL")
        inputs: list[str | RawInput] = [
            _raw_from_text(n, item) for n, item in enumerate(body.texts, 1)
        ]
        inputs.extend(u.strip() for u in body.urls if u.strip())
        job = jobs.submit(inputs)
        return JSONResponse(_job_out(job), status_code=202)

    @app.get("/api/jobs/{job_id}", summary="Progress of an ingest job", response_model=JobOut)
    def api_job(job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise not_found(f"job {job_id!r}")
        return _job_out(job)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityMiddleware, token=token, max_body=max_upload_bytes)
    return app


def _job_out(job: Job) -> dict[str, Any]:
    return {**job.to_dict(), "status_url": f"/api/jobs/{job.id}"}


def _field(value: Any, limit: int) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:limit]
    return None


async def _bounded_body(request: Request, limit: int) -> bytes:
    """Read at most ``limit`` bytes, answering 413 before buffering anything larger."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload too large: at most {limit:,} bytes per request")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"upload too large: at most {limit:,} bytes per request")
        chunks.append(chunk)
    return b"".join(chunks)


def _claim_links(mv: MeasureView) -> dict[str, str]:
    """Timeline points link to the figure in its report."""
    return {r.anchor: f"/report/{r.claim.document}#{r.anchor}" for r in [*mv.rows, *mv.context]}


def _count_by_document(claims: list[Claim]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for c in claims:
        counts[c.document] = counts.get(c.document, 0) + 1
    return counts


def _fields(record: Claim | Measure) -> list[tuple[str, Any]]:
    skip = {"claims", "sources", "timeline", "explanation", "evidence"}
    return [(k, v) for k, v in record.to_dict().items() if k not in skip]


__all__ = ["create_app"]
