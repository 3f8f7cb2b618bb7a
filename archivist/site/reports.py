"""Reader error reports: a plain form (works without JavaScript) and a JSON API.

A report points at the article, the revision the reader saw, the block (``None`` for
the whole article) and the legacy id. Abuse is kept out by, in order: a size limit on
the request, the CSRF token (double-submit, see :mod:`archivist.site.security`), the
minimum fill time carried by that token, a honeypot field (a filled one is answered
as a success and dropped), per-IP and per-article rate limits (429), field limits,
and refusing any markup. Stored text is plain text; templates escape it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from archivist.site import i18n
from archivist.site.nav import nav_sections
from archivist.site.security import CsrfError, hash_ip
from archivist.site.state import CSRF_PLACEHOLDER, PageResponse, Site, site_of
from archivist.store.articles import get_article
from archivist.store.revisions import now
from archivist.store.tables import reports, revisions

__all__ = ["ReportError", "ReportIn", "ReportOut", "api", "forms", "save_report", "validate_report"]

forms = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["reports"])

MAX_SELECTED = 1000
MAX_COMMENT = 2000
MAX_EMAIL = 254
MAX_BODY = 16_384  # bytes of a whole report request
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#|javascript:", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReportError(ValueError):
    """A report that cannot be accepted; the message tells the reader what to change."""


class ReportIn(BaseModel):
    """A reader's report, as the JSON API takes it."""

    article_id: int = Field(ge=1)
    revision_id: int | None = Field(default=None, ge=1)
    block: int | None = Field(default=None, ge=0, le=100_000, description="block index; null = whole article")
    category: str = Field(description="one of GET /api/report-categories")
    selected_text: str = Field(default="", max_length=MAX_SELECTED)
    comment: str = Field(default="", max_length=MAX_COMMENT)
    email: str = Field(default="", max_length=MAX_EMAIL)
    csrf_token: str = Field(default="", description="the token of the article page's form")
    website: str = Field(default="", description="leave empty (a trap for robots)")


class ReportOut(BaseModel):
    id: int | None
    status: str
    message: str


class Category(BaseModel):
    key: str
    label: str


@dataclass(frozen=True)
class CleanReport:
    article_id: int
    revision_id: int
    block: int | None
    legacy_id: str
    category: str
    selected_text: str
    comment: str
    email: str
    language: str = "en"  # the article's, for the confirmation


def _plain(value: str, field: str, limit: int) -> str:
    value = _CONTROL.sub("", value).strip()
    if len(value) > limit:
        msg = f"The field {field!r} is longer than {limit} characters: shorten it."
        raise ReportError(msg)
    if _MARKUP.search(value):
        msg = f"The field {field!r} contains HTML or code: write plain text only."
        raise ReportError(msg)
    return value


def validate_report(conn: Connection, data: ReportIn) -> CleanReport:
    """Check a report against the article it names; raises :class:`ReportError`."""
    if data.category not in i18n.CATEGORIES:
        msg = f"Category {data.category!r} is not known. Use one of: {', '.join(i18n.CATEGORIES)}."
        raise ReportError(msg)
    stored = get_article(conn, data.article_id)
    if stored is None or stored.status != "published":
        msg = f"Article {data.article_id} does not exist or was removed."
        raise ReportError(msg)
    if data.block is not None and data.block >= len(stored.article.blocks):
        msg = f"Article {data.article_id} has no block {data.block}."
        raise ReportError(msg)
    revision_id = stored.revision_id
    if data.revision_id is not None and data.revision_id != revision_id:
        owner = conn.execute(
            select(revisions.c.article_id).where(revisions.c.id == data.revision_id)
        ).scalar()
        if owner == data.article_id:  # the reader saw an older revision: keep what they saw
            revision_id = data.revision_id
    email = _plain(data.email, "email", MAX_EMAIL)
    if email and not _EMAIL.match(email):
        msg = "The e-mail address does not look valid: correct it or leave it empty."
        raise ReportError(msg)
    return CleanReport(
        article_id=stored.id,
        revision_id=revision_id,
        block=data.block,
        legacy_id=stored.article.legacy_id,
        category=data.category,
        selected_text=_plain(data.selected_text, "selected_text", MAX_SELECTED),
        comment=_plain(data.comment, "comment", MAX_COMMENT),
        email=email,
        language=stored.article.language,
    )


def save_report(conn: Connection, report: CleanReport, ip_hash: str) -> int:
    result = conn.execute(
        reports.insert().values(
            article_id=report.article_id,
            revision_id=report.revision_id,
            block=report.block,
            legacy_id=report.legacy_id,
            category=report.category,
            selected_text=report.selected_text,
            comment=report.comment,
            email=report.email,
            ip_hash=ip_hash,
            status="open",
            created_at=now(),
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _submit(site: Site, request: Request, data: ReportIn, token: str) -> tuple[int | None, str]:
    """Run every check and store the report: (its id, the article's language).

    The id is None when the honeypot caught a robot (answered as a success).
    """
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_BODY:
        raise HTTPException(413, "The report is too large.")
    try:
        site.csrf.check(token, request.cookies.get(site.csrf.cookie))
    except CsrfError as exc:
        raise HTTPException(403, str(exc)) from exc
    if data.website:
        return None, "en"
    ip = hash_ip(_client_ip(request), site.settings.secret)
    if not site.ip_limits.hit(ip) or not site.article_limits.hit(f"article:{data.article_id}"):
        raise HTTPException(429, "Too many reports in a short time.", headers={"retry-after": "600"})
    with site.engine.begin() as conn:
        try:
            clean = validate_report(conn, data)
        except ReportError as exc:
            raise HTTPException(400, str(exc)) from exc
        return save_report(conn, clean, ip), clean.language


# --- the plain form --------------------------------------------------------------


def _form_context(site: Site, conn: Connection, article_id: int, block: int | None) -> dict[str, Any]:
    stored = get_article(conn, article_id)
    if stored is None or stored.status != "published":
        raise HTTPException(404)
    blocks = stored.article.blocks
    if block is not None and not 0 <= block < len(blocks):
        raise HTTPException(404)
    lang = stored.article.language
    return {
        "lang": lang,
        "ui": i18n.labels(lang),
        "categories": i18n.category_labels(lang),
        "article": stored.article,
        "article_id": stored.id,
        "revision_id": stored.revision_id,
        "path": stored.path,
        "block": block,
        "block_text": blocks[block].text if block is not None else "",
        "nav_sections": nav_sections(site, conn),
        "canonical": None,
        "csrf_token": CSRF_PLACEHOLDER,
        "error": "",
    }


@forms.get("/report/{article_id}")
def report_form(request: Request, article_id: int, block: int | None = None) -> Response:
    """The report form for one block (or the article) as its own page: no JavaScript needed."""
    site = site_of(request)
    with site.engine.connect() as conn:
        context = _form_context(site, conn, article_id, block)
    nonce = request.cookies.get(site.csrf.cookie) or site.csrf.new_nonce()
    context["csrf_token"] = site.csrf.issue(nonce)
    response = site.page("report.html", context, headers={"cache-control": "no-store"})
    response.set_cookie(site.csrf.cookie, nonce, httponly=True, samesite="strict", path="/")
    return response


@forms.post("/report")
def report_post(
    request: Request,
    article_id: Annotated[int, Form(ge=1)],
    category: Annotated[str, Form(max_length=40)],
    csrf_token: Annotated[str, Form(max_length=400)] = "",
    revision_id: Annotated[str, Form(max_length=20)] = "",
    block: Annotated[str, Form(max_length=10)] = "",
    selected_text: Annotated[str, Form(max_length=MAX_SELECTED * 2)] = "",
    comment: Annotated[str, Form(max_length=MAX_COMMENT * 2)] = "",
    email: Annotated[str, Form(max_length=MAX_EMAIL * 2)] = "",
    website: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    site = site_of(request)
    try:
        data = ReportIn(
            article_id=article_id,
            revision_id=int(revision_id) if revision_id.isdigit() else None,
            block=int(block) if block.isdigit() else None,
            category=category,
            selected_text=selected_text[:MAX_SELECTED],
            comment=comment,
            email=email,
            website=website,
        )
    except ValueError as exc:
        raise HTTPException(400, "The report form is incomplete or too long.") from exc
    _submit(site, request, data, csrf_token)
    return RedirectResponse(f"/report/{article_id}/thanks", status_code=303)


@forms.get("/report/{article_id}/thanks")
def report_thanks(request: Request, article_id: int) -> PageResponse:
    site = site_of(request)
    with site.engine.connect() as conn:
        context = _form_context(site, conn, article_id, None)
    context["done"] = True
    return site.page("report.html", context, headers={"cache-control": "no-store"})


# --- the JSON API --------------------------------------------------------------------


@api.post("/reports", status_code=201, response_model=ReportOut)
async def create_report(request: Request, report: ReportIn) -> ReportOut:
    """Report an error in an article (or one block of it).

    Send the ``archivist_csrf`` cookie the article page set and its form token, either
    as ``csrf_token`` or in the ``X-CSRF-Token`` header. Answers 201 with the report id,
    403 for a missing/invalid/too-fresh token, 400 for invalid fields or markup, 429
    when a rate limit is reached.
    """
    site = site_of(request)
    token = request.headers.get("x-csrf-token") or report.csrf_token
    report_id, lang = await run_in_threadpool(_submit, site, request, report, token)
    return ReportOut(id=report_id, status="open", message=i18n.labels(lang)["thanks"])


@api.get("/report-categories", response_model=list[Category])
async def report_categories(lang: str = "en") -> list[Category]:
    """The report categories with their labels in ``lang`` (fr, de, en)."""
    return [Category(key=k, label=v) for k, v in i18n.category_labels(lang)]


@api.get("/reports/{report_id}", response_model=ReportOut)
def report_status(request: Request, report_id: int) -> ReportOut:
    """Where a report stands (open, fixed, not_error, duplicate); nothing personal is shown."""
    site = site_of(request)
    with site.engine.connect() as conn:
        status = conn.execute(select(reports.c.status).where(reports.c.id == report_id)).scalar()
    if status is None:
        raise HTTPException(404, f"Report {report_id} does not exist.")
    return ReportOut(id=report_id, status=status, message="")
