"""Reviewers' corrections in the web UI (forms) and the JSON API.

Forms post to /review/...: each carries the page's CSRF token (the same double-submit
cookie the Add page uses) and redirects back to what was corrected, now marked reviewed.
The JSON API (/api/corrections) takes a JSON body, which a cross-site form cannot send
without a CORS preflight this app never grants. Every route calls ``Ledger.correct`` or
``Ledger.withdraw``; nothing here knows how a correction is applied.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from claimledger.errors import ClaimledgerError
from claimledger.ledger import Ledger
from claimledger.records import CORRECTION_KINDS, Correction
from claimledger.report.model import build
from claimledger.review import STATUSES, describe
from claimledger.web.security import CSRF_COOKIE, CSRF_FIELD, same

MAX_FORM_BYTES = 64_000
_MAX_ID = 2**63 - 1  # SQLite's INTEGER range
CorrectionId = Annotated[int, PathParam(ge=0, le=_MAX_ID)]
StoryId = Annotated[int | None, Query(ge=0, le=_MAX_ID)]
_TEXT = 2000


class CorrectionIn(BaseModel):
    """A correction to make: see ``Ledger.correct``."""

    kind: str = Field(description="one of " + ", ".join(CORRECTION_KINDS))
    claims: list[str] = Field(default_factory=list, max_length=500, description="claim ids")
    measure: str | None = Field(default=None, max_length=_TEXT, description="measure id")
    into: str | None = Field(default=None, max_length=_TEXT, description="target measure id")
    after: dict[str, Any] = Field(default_factory=dict, description="the fields as they should be")
    reason: str = Field(default="", max_length=_TEXT)
    author: str = Field(default="", max_length=200)


class CorrectionOut(BaseModel):
    """A stored correction with its trail and where it took effect."""

    id: int
    kind: str
    story: int | None
    claims: list[dict[str, Any]]
    target: list[dict[str, Any]]
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    author: str
    created_at: str
    withdrawn_at: str | None
    applied_claims: list[str]
    applied_measures: list[str]
    unmatched: str | None


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _number(value: str | None, name: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value.replace(",", "").strip())
    except ValueError as exc:
        raise HTTPException(400, f"{name} must be a number, not {value[:40]!r}") from exc


def _text(form: dict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()[:_TEXT]
    return value or None


def _after(kind: str, form: dict[str, str]) -> dict[str, Any]:
    """The ``after`` fields of a form, by correction kind."""
    if kind == "value":
        value = _number(form.get("value"), "value")
        if value is None:
            raise HTTPException(400, "give the figure the report really states")
        low = _number(form.get("low"), "low")
        high = _number(form.get("high"), "high")
        return {"value": value, "low": low if low is not None else value,
                "high": high if high is not None else value}  # fmt: skip
    if kind == "claimer":
        return {"claimer": _text(form, "claimer")}
    if kind == "item":
        item = _text(form, "item")
        if not item:
            raise HTTPException(400, "give what the figure counts")
        return {"item": item, "item_lemma": item.split()[-1].lower()}
    if kind == "actors":
        return {"subject": _text(form, "subject"), "recipient": _text(form, "recipient")}
    if kind == "status":
        return {"status": form.get("status", "")}
    if kind == "split":
        label = _text(form, "label")
        return {"label": label} if label else {}
    return {}


def register(
    app: FastAPI,
    open_ledger: Callable[[], AbstractContextManager[Ledger]],
    render: Callable[..., HTMLResponse],
) -> None:
    """Add the review pages, form handlers and JSON API to ``app``."""

    async def read_form(request: Request) -> dict[str, Any]:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, f"form too large: at most {MAX_FORM_BYTES:,} bytes")
        form = await request.form(max_files=0, max_fields=600)
        values: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                if key == "claims":
                    values.setdefault("claims", []).append(value[:_TEXT])
                else:
                    values[key] = value
        token = values.get(CSRF_FIELD)
        if not isinstance(token, str) or not same(token, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(
                403,
                "the form's security token did not match: reload the page and submit again "
                "(cookies must be enabled)",
            )
        return values

    def correct(kind: str, **kwargs: Any) -> Correction:
        try:
            with open_ledger() as ledger:
                return ledger.correct(kind, **kwargs)
        except ClaimledgerError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.get("/review/claim/{claim_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def review_claim_page(request: Request, claim_id: str) -> HTMLResponse:
        with open_ledger() as ledger:
            claim = ledger.claim(claim_id)
            if claim is None:
                raise HTTPException(404, f"claim {claim_id!r} not found")
            measures = ledger.measures(story=claim.story) if claim.story is not None else []
            corrections = [c for c in ledger.corrections(story=claim.story)
                           if claim_id in c.applied_claims]  # fmt: skip
        return render(
            request, "review_claim.html", claim=claim, measures=measures,
            corrections=corrections, describe=describe,
        )  # fmt: skip

    @app.get(
        "/review/measure/{measure_id:path}", response_class=HTMLResponse, include_in_schema=False
    )
    def review_measure_page(request: Request, measure_id: str) -> HTMLResponse:
        with open_ledger() as ledger:
            measure = ledger.measure(measure_id)
            if measure is None or measure.story is None:
                raise HTTPException(404, f"measure {measure_id!r} not found")
            sv = build(ledger.view(story=measure.story))[0]
        mv = next(m for m in sv.measures if m.measure.id == measure_id)
        others = [m.measure for m in sv.measures if m.measure.id != measure_id]
        return render(
            request, "review_measure.html", mv=mv, m=measure, others=others, statuses=STATUSES,
            corrections=sv.reviewed_measures.get(measure_id, []), describe=describe,
        )  # fmt: skip

    @app.post("/review/claim/{claim_id:path}", include_in_schema=False)
    async def review_claim_submit(request: Request, claim_id: str) -> RedirectResponse:
        form = await read_form(request)
        kind = str(form.get("kind", ""))
        if kind not in ("reject", "value", "claimer", "item", "actors", "move"):
            raise HTTPException(400, f"unknown claim correction {kind[:40]!r}")
        into = _text(form, "into") if kind == "move" else None
        c = correct(
            kind, claims=[claim_id], into=into, after=_after(kind, form),
            reason=_text(form, "reason") or "", author=_text(form, "author") or "web",
        )  # fmt: skip
        target = c.applied_measures[0] if kind == "move" and c.applied_measures else None
        where = f"/measure/{_quote(target)}" if target else f"/claim/{_quote(claim_id)}"
        return RedirectResponse(where, status_code=303)

    @app.post("/review/measure/{measure_id:path}", include_in_schema=False)
    async def review_measure_submit(request: Request, measure_id: str) -> RedirectResponse:
        form = await read_form(request)
        kind = str(form.get("kind", ""))
        if kind not in ("status", "split", "merge"):
            raise HTTPException(400, f"unknown measure correction {kind[:40]!r}")
        claims = list(form.get("claims", [])) if kind == "split" else []
        if kind == "split" and not claims:
            raise HTTPException(400, "tick the claims to split off into a new measure")
        c = correct(
            kind, measure=measure_id, claims=claims, into=_text(form, "into"),
            after=_after(kind, form), reason=_text(form, "reason") or "",
            author=_text(form, "author") or "web",
        )  # fmt: skip
        target = c.applied_measures[0] if c.applied_measures else measure_id
        return RedirectResponse(f"/measure/{_quote(target)}", status_code=303)

    @app.post("/review/withdraw/{correction_id}", include_in_schema=False)
    async def review_withdraw(request: Request, correction_id: CorrectionId) -> RedirectResponse:
        await read_form(request)
        try:
            with open_ledger() as ledger:
                c = ledger.withdraw(correction_id)
        except ClaimledgerError as exc:
            raise HTTPException(404, str(exc)) from exc
        return RedirectResponse(f"/story/{c.story}" if c.story is not None else "/", 303)

    @app.get("/api/corrections", summary="List corrections", response_model=list[CorrectionOut])
    def api_corrections(story: StoryId = None) -> list[dict[str, Any]]:
        """Reviewers' corrections, oldest first, withdrawn ones included; ``unmatched``
        says why one no longer takes effect."""
        with open_ledger() as ledger:
            return [c.to_dict() for c in ledger.corrections(story=story)]

    @app.post(
        "/api/corrections", status_code=201, summary="Make a correction",
        response_model=CorrectionOut,
    )  # fmt: skip
    def api_correct(body: CorrectionIn) -> dict[str, Any]:
        """Record a correction and apply it at once; it is re-applied after every analysis."""
        return correct(
            body.kind, claims=body.claims, measure=body.measure, into=body.into,
            after=body.after, reason=body.reason, author=body.author,
        ).to_dict()  # fmt: skip

    @app.post(
        "/api/corrections/{correction_id}/withdraw", summary="Withdraw a correction",
        response_model=CorrectionOut,
    )  # fmt: skip
    def api_withdraw(correction_id: CorrectionId) -> dict[str, Any]:
        try:
            with open_ledger() as ledger:
                return ledger.withdraw(correction_id).to_dict()
        except ClaimledgerError as exc:
            raise HTTPException(404, str(exc)) from exc


__all__ = ["CorrectionIn", "CorrectionOut", "register"]
