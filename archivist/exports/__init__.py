"""Exports of stored or recovered articles: ninjs 3.0 (:mod:`archivist.exports.ninjs`),
and the formats other modules add (NITF, WXR, Markdown, redirect maps).

``body_html`` is the shared HTML rendering of an article body.
"""

from __future__ import annotations

from archivist.exports.ninjs import body_html, to_ninjs

__all__ = ["body_html", "to_ninjs"]
