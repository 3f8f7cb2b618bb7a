"""Rendering editor pages: their own templates, the site's static files and layout rules.

Editor templates live in ``archivist/site/editor/templates/edit/``; the environment is
built once per app (autoescaped, like the site's) and kept on ``app.state``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from archivist.site.state import PageResponse, site_of

__all__ = ["TEMPLATES", "editor_env", "editor_page"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def editor_env(request: Request) -> Environment:
    env: Environment | None = getattr(request.app.state, "editor_env", None)
    if env is None:
        site = site_of(request)
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(site_name=site.config.site_name)
        request.app.state.editor_env = env
    return env


def editor_page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> PageResponse:
    """An editor page; never cached (it shows drafts and private reports)."""
    html = editor_env(request).get_template(template).render(context)
    headers = {"cache-control": "no-store", "x-robots-tag": "noindex"}
    return PageResponse(html, template, context, status_code, headers=headers)
