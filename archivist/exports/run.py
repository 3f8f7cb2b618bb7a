"""``archivist export``: stream every published article from the store into a format.

============== ======================================================================
format         OUT is
============== ======================================================================
ninjs          a JSON Lines file, one ninjs 3.0 object per article
nitf           a folder, one NITF 2.5 document per article at ``<new path>.xml``
wxr            one WordPress WXR 1.2 file
markdown       a folder, one ``<new path>.md`` per article with YAML front matter
redirects-*    one file: an nginx ``map`` or a CSV of old path -> new path
============== ======================================================================

Articles are read in batches (:func:`archivist.store.articles.iter_articles`) and
written as they come, so memory stays flat however large the archive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from archivist.errors import ExportFormatError
from archivist.store.articles import StoredArticle, iter_articles
from archivist.store.tables import articles, legacy_urls

FORMATS = ("ninjs", "nitf", "wxr", "markdown", "redirects-nginx", "redirects-csv")
BATCH = 500


@dataclass(frozen=True)
class ExportSummary:
    format: str
    out: Path
    count: int  # articles (or redirects) written


def _batches(conn: Connection) -> Iterator[list[StoredArticle]]:
    batch: list[StoredArticle] = []
    for stored in iter_articles(conn, status="published", batch=BATCH):
        batch.append(stored)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _aliases(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    query = select(legacy_urls.c.article_id, legacy_urls.c.path).where(legacy_urls.c.article_id.in_(ids))
    for article_id, path in conn.execute(query.order_by(legacy_urls.c.path)):
        found.setdefault(article_id, []).append(path)
    return found


def _with_aliases(conn: Connection) -> Iterator[tuple[StoredArticle, list[str]]]:
    for batch in _batches(conn):
        aliases = _aliases(conn, [s.id for s in batch])
        for stored in batch:
            yield stored, aliases.get(stored.id, [])


def _write_file(out: Path, lines: Iterator[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line)


def _ninjs(conn: Connection, out: Path, base_url: str) -> int:
    from archivist.exports import to_ninjs

    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        for stored in iter_articles(conn, status="published", batch=BATCH):
            item = to_ninjs(
                stored.article, uri=base_url.rstrip("/") + stored.path, version_created=stored.updated_at
            )
            count += 1
            yield json.dumps(item, ensure_ascii=False) + "\n"

    _write_file(out, lines())
    return count


def _nitf(conn: Connection, out: Path, base_url: str) -> int:
    from archivist.exports.markdown import article_filename
    from archivist.exports.nitf import to_nitf

    count = 0
    for stored in iter_articles(conn, status="published", batch=BATCH):
        target = out / article_filename(stored.path, stored.article.legacy_id, ".xml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(to_nitf(stored.article, new_url=base_url.rstrip("/") + stored.path))
        count += 1
    return count


def _markdown(conn: Connection, out: Path, base_url: str) -> int:
    from archivist.exports.markdown import article_filename, to_markdown

    count = 0
    for stored, aliases in _with_aliases(conn):
        target = out / article_filename(stored.path, stored.article.legacy_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_markdown(stored.article, path=stored.path, aliases=aliases), encoding="utf-8")
        count += 1
    return count


def _wxr(conn: Connection, out: Path, base_url: str, site_name: str) -> int:
    from archivist.exports.wxr import ExportItem, wxr_chunks

    query = select(articles.c.byline).where(articles.c.status == "published").distinct()
    authors = sorted(b for b in conn.execute(query).scalars() if b)
    count = 0

    def items() -> Iterator[ExportItem]:
        nonlocal count
        for stored in iter_articles(conn, status="published", batch=BATCH):
            count += 1
            yield ExportItem(stored.article, stored.path)

    _write_file(out, wxr_chunks(items(), site_url=base_url, site_name=site_name, authors=authors))
    return count


def _redirects(conn: Connection, out: Path, kind: str) -> int:
    from archivist.exports.redirects import csv_lines, nginx_map, redirect_rows

    count = 0

    def rows() -> Iterator[tuple[str, str, str]]:
        nonlocal count
        for row in redirect_rows(conn):
            count += 1
            yield row

    if kind == "nginx":
        _write_file(out, nginx_map((old, new) for old, _url, new in rows()))
    else:
        _write_file(out, csv_lines(rows()))
    return count


def export_archive(
    engine: Engine, fmt: str, out: str | Path, *, base_url: str = "", site_name: str = "The Archive"
) -> ExportSummary:
    """Write every published article of the store at ``engine`` to ``out`` as ``fmt``."""
    if fmt not in FORMATS:
        msg = f"Export format {fmt!r} is not known. Use one of: {', '.join(FORMATS)}."
        raise ExportFormatError(msg)
    target = Path(out)
    writers: dict[str, Callable[[Connection], int]] = {
        "ninjs": lambda c: _ninjs(c, target, base_url),
        "nitf": lambda c: _nitf(c, target, base_url),
        "markdown": lambda c: _markdown(c, target, base_url),
        "wxr": lambda c: _wxr(c, target, base_url, site_name),
        "redirects-nginx": lambda c: _redirects(c, target, "nginx"),
        "redirects-csv": lambda c: _redirects(c, target, "csv"),
    }
    with engine.connect() as conn:
        count = writers[fmt](conn)
    return ExportSummary(fmt, target, count)
