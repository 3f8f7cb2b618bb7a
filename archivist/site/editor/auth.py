"""Editor login: sessions in a signed cookie, CSRF on every form, login throttling.

- The session cookie holds a random token signed with itsdangerous (the ``sessions``
  table keeps only its sha256, see :mod:`archivist.store.users`); it is HttpOnly,
  SameSite=Strict, limited to ``/edit`` and Secure unless the site runs on plain
  http://127.0.0.1 or localhost.
- Every editor form carries a CSRF token derived from the session (signed, timed);
  :func:`require_editor_form` checks it before any write. The login form, sent before
  there is a session, uses the site's double-submit tokens.
- Logins are throttled per user name and IP hash in the store (5 failures in 15
  minutes answer 429) and per IP in memory (30 tries in 15 minutes, any names).
- :func:`require_editor` is the dependency of every ``/edit`` route: anonymous GETs are
  sent to the login page (303), anything else is refused with 401.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from archivist.errors import AuthError
from archivist.site.editor.pages import editor_page
from archivist.site.security import CsrfError, CsrfTokens, RateLimiter, hash_ip
from archivist.site.state import Site, site_of
from archivist.store.users import (
    SESSION_TTL,
    LoginThrottled,
    User,
    authenticate,
    create_session,
    end_session,
    session_user,
)

__all__ = ["COOKIE", "Editor", "current_editor", "require_editor", "require_editor_form", "router"]

COOKIE = "archivist_editor"
LOGIN_COOKIE = "archivist_login"
_LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}
# per address, whatever the user names: slows down guessing across many accounts
IP_LOGINS = (30, 15 * 60.0)

router = APIRouter(prefix="/edit", include_in_schema=False)


@dataclass(frozen=True)
class Editor:
    """The logged-in editor of a request, with the CSRF token its forms carry."""

    user: User
    token: str
    csrf: str

    @property
    def name(self) -> str:
        return self.user.name


def _sessions(site: Site) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(site.settings.secret, salt="archivist-editor-session")


def _csrf_serializer(site: Site) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(site.settings.secret, salt="archivist-editor-csrf")


def _session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _login_tokens(site: Site) -> CsrfTokens:
    return CsrfTokens(site.settings.secret, min_age=0.0, cookie=LOGIN_COOKIE)


def secure_cookies(request: Request) -> bool:
    """Secure cookies everywhere but plain http on this machine (tests, a local serve)."""
    return not (request.url.scheme == "http" and (request.url.hostname or "") in _LOCAL)


def current_editor(request: Request) -> Editor | None:
    """The editor whose session cookie came with the request, or None."""
    site = site_of(request)
    signed = request.cookies.get(COOKIE)
    if not signed:
        return None
    try:
        token = str(_sessions(site).loads(signed, max_age=int(SESSION_TTL.total_seconds())))
    except BadSignature:
        return None
    with site.engine.connect() as conn:
        user = session_user(conn, token)
    if user is None:
        return None
    return Editor(user, token, _csrf_serializer(site).dumps(_session_key(token)))


def require_editor(request: Request) -> Editor:
    """The dependency of every /edit route: an editor's session, or no access."""
    editor = current_editor(request)
    if editor is None:
        if request.method in ("GET", "HEAD"):
            target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="")
            raise HTTPException(303, "Log in first.", headers={"location": f"/edit/login?next={target}"})
        raise HTTPException(401, "Log in at /edit/login first.")
    return editor


def check_csrf(site: Site, editor: Editor, token: str) -> None:
    try:
        value = _csrf_serializer(site).loads(token, max_age=int(SESSION_TTL.total_seconds()))
    except BadSignature as exc:
        raise HTTPException(403, "The form token is not valid: reload the page and try again.") from exc
    if not hmac.compare_digest(str(value), _session_key(editor.token)):
        raise HTTPException(403, "The form token belongs to another session: reload the page and try again.")


async def require_editor_form(request: Request) -> Editor:
    """An editor's session and the CSRF token of its form: the dependency of every write."""
    editor = await run_in_threadpool(require_editor, request)
    form = await request.form()
    check_csrf(site_of(request), editor, str(form.get("csrf_token") or ""))
    return editor


EditorDep = Annotated[Editor, Depends(require_editor)]
EditorForm = Annotated[Editor, Depends(require_editor_form)]


def _safe_next(target: str) -> str:
    # only our own editor pages: never an open redirect to another site
    return target if target.startswith("/edit/") and not target.startswith("//") else "/edit/queue"


@router.get("/login")
def login_form(request: Request, next: str = "/edit/queue", error: str = "") -> Response:
    site = site_of(request)
    tokens = _login_tokens(site)
    nonce = request.cookies.get(LOGIN_COOKIE) or tokens.new_nonce()
    context = {"csrf_token": tokens.issue(nonce), "next": _safe_next(next), "error": error, "editor": None}
    response = editor_page(request, "edit/login.html", context, status_code=401 if error else 200)
    response.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", path="/edit", secure=secure_cookies(request)
    )
    return response


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=120)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=400)] = "",
    next: Annotated[str, Form(max_length=1000)] = "/edit/queue",
) -> Response:
    site = site_of(request)
    try:
        _login_tokens(site).check(csrf_token, request.cookies.get(LOGIN_COOKIE))
    except CsrfError as exc:
        raise HTTPException(403, str(exc)) from exc
    ip = hash_ip(request.client.host if request.client else "unknown", site.settings.secret)
    limits: RateLimiter | None = getattr(request.app.state, "login_limits", None)
    if limits is None:  # one per app: the counts live as long as the process serving it
        limits = request.app.state.login_limits = RateLimiter(*IP_LOGINS)
    if not limits.hit(ip):
        raise HTTPException(
            429, "Too many logins from this address: wait and try again.", {"retry-after": "900"}
        )
    refused: AuthError | None = None
    with site.engine.begin() as conn:  # a failure is recorded too: the transaction must commit
        try:
            user = authenticate(conn, name, password, key=f"{name}|{ip}")
        except AuthError as exc:
            refused = exc
        else:
            token = create_session(conn, user)
    if isinstance(refused, LoginThrottled):
        raise HTTPException(429, str(refused), {"retry-after": "900"})
    if refused is not None:
        return login_form(request, next=next, error=str(refused))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        _sessions(site).dumps(token),
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/edit",
    )
    return response


@router.post("/logout")
def logout(request: Request, editor: EditorForm) -> Response:
    site = site_of(request)
    with site.engine.begin() as conn:
        end_session(conn, editor.token)
    response = RedirectResponse("/edit/login", status_code=303)
    response.delete_cookie(COOKIE, path="/edit")
    return response
