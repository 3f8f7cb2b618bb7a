"""Redirect maps from every old URL to the article's new path (nginx, CSV).

The rows come from the store's ``legacy_urls`` table (one row per old URL path,
normalised by :func:`archivist.store.paths.legacy_path`); removed articles and
paths that already equal the new one (a loop) are left out.

nginx::

    # in http {}:   include /etc/nginx/archivist-redirects.map;
    # in server {}: if ($archivist_redirect) { return 301 $archivist_redirect; }

The map is keyed on ``$request_uri`` (exact strings, so a hash lookup), which
is what the browser sent: non-ASCII characters percent-encoded (UTF-8), and a
path without a query also matched with a trailing slash.

>>> print("".join(nginx_map([("/société/4711", "/societe/2016/12/titre-4711")])), end="")
# archivist redirects: old URL path -> new article path (301)
# http {}:   include this file;   server {}: if ($archivist_redirect) { return 301 $archivist_redirect; }
map $request_uri $archivist_redirect {
    default "";
    "/soci%C3%A9t%C3%A9/4711" "/societe/2016/12/titre-4711";
    "/soci%C3%A9t%C3%A9/4711/" "/societe/2016/12/titre-4711";
}
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from sqlalchemy import Connection, select

from archivist.store.tables import articles, legacy_urls


def redirect_rows(conn: Connection, base_path: str = "") -> Iterator[tuple[str, str, str]]:
    """``(old_path, old_url, new_path)`` for every published article's old URLs."""
    query = (
        select(legacy_urls.c.path, legacy_urls.c.url, articles.c.path)
        .join(articles, articles.c.id == legacy_urls.c.article_id)
        .where(articles.c.status == "published")
        .order_by(legacy_urls.c.path)
    )
    for old_path, old_url, new_path in conn.execution_options(yield_per=1000).execute(query):
        target = base_path.rstrip("/") + new_path
        if old_path.rstrip("/") != target.rstrip("/"):
            yield old_path, old_url, target


def _nginx_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def request_uri(path: str) -> str:
    """The path as a browser requests it: non-ASCII and spaces percent-encoded."""
    return quote(path, safe="/?&=%+:;,@!$'()*~#[]")


def nginx_map(rows: Iterable[tuple[str, str]]) -> Iterator[str]:
    """The lines of an nginx ``map`` block from ``(old_path, new_path)`` pairs."""
    yield "# archivist redirects: old URL path -> new article path (301)\n"
    yield (
        "# http {}:   include this file;   server {}: "
        "if ($archivist_redirect) { return 301 $archivist_redirect; }\n"
    )
    yield "map $request_uri $archivist_redirect {\n"
    yield '    default "";\n'
    for old, new in rows:
        key = request_uri(old)
        yield f"    {_nginx_string(key)} {_nginx_string(new)};\n"
        if "?" not in key and not key.endswith("/"):
            yield f"    {_nginx_string(key + '/')} {_nginx_string(new)};\n"
    yield "}\n"


def csv_lines(rows: Iterable[tuple[str, str, str]]) -> Iterator[str]:
    """CSV with a header: ``old_path,old_url,new_path,status``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["old_path", "old_url", "new_path", "status"])
    yield buffer.getvalue()
    for old_path, old_url, new_path in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([old_path, old_url, new_path, "301"])
        yield buffer.getvalue()
