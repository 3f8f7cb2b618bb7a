"""The static export: the whole archive as files any web server or CDN can serve.

``archivist build-site OUT/`` writes every article at ``OUT/<path>/index.html``, the
home page, section and monthly archive pages (``…/page/N/``), feeds, sitemaps,
robots.txt, 404/410 pages and the stylesheet, plus the old-URL maps:

- ``redirects.nginx.conf``: two ``map``s (301 targets, 410s) to include in ``http {}``,
  and ``site.nginx.conf``, a ``server {}`` that uses them with the security headers;
- ``redirects.apache.map`` / ``gone.apache.map`` (RewriteMap txt files; convert them
  with ``httxt2dbm`` for millions of lines) and ``redirects.apache.conf``.

Articles are streamed from the store (memory does not grow with the archive); lists
are streamed per section and per month and cut into pages as they come. Reader
reports need the live site, so the static pages point readers to the report e-mail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, case, extract, select

from archivist.config import MigrationConfig
from archivist.site.article_page import article_context
from archivist.site.feeds import FEED_SIZE, feed_context, robots_txt, sitemap_entries, sitemap_names
from archivist.site.nav import nav_sections
from archivist.site.pages import pagination
from archivist.site.queries import Teaser, list_months, list_section_names, list_teasers, most_read, teaser_of
from archivist.site.security import HEADERS
from archivist.site.state import STATIC, Site, SiteSettings
from archivist.store import open_store
from archivist.store.articles import iter_articles
from archivist.store.tables import articles, legacy_urls

__all__ = ["BuildSummary", "apache_maps", "build_site", "nginx_maps"]


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    pages: int
    redirects: int
    gone: int


def _write(out: Path, path: str, text: str) -> None:
    target = out / path.lstrip("/")
    if not path.endswith((".xml", ".txt", ".html", ".conf", ".map", ".css", ".js")):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _stream_teasers(conn: Connection, where: Any) -> Iterator[Teaser]:
    undated_last = case((articles.c.published_at.is_(None), 1), else_=0)
    query = (
        select(
            articles.c.id,
            articles.c.path,
            articles.c.title,
            articles.c.kicker,
            articles.c.lead,
            articles.c.section,
            articles.c.language,
            articles.c.published_at,
        )
        .where(articles.c.status == "published", where)
        .order_by(undated_last, articles.c.published_at.desc(), articles.c.id.desc())
    )
    for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
        yield teaser_of(row)


def _chunks(teasers: Iterable[Teaser], size: int) -> Iterator[list[Teaser]]:
    chunk: list[Teaser] = []
    for teaser in teasers:
        chunk.append(teaser)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _list_pages(
    site: Site, out: Path, base: str, teasers: Iterator[Teaser], total: int, context: dict[str, Any]
) -> int:
    size = site.settings.page_size
    written = 0
    for number, chunk in enumerate(_chunks(teasers, size), start=1):
        page_context = context | {
            "teasers": chunk,
            "paging": pagination(number, total, size),
            "base_path": base,
            "canonical": site.base_url + base + (f"/page/{number}" if number > 1 else ""),
        }
        _write(out, base if number == 1 else f"{base}/page/{number}", site.render("list.html", page_context))
        written += 1
    return written


def _legacy_rows(conn: Connection) -> Iterator[tuple[str, str, str]]:
    """(old path, new path, status) for every recorded old URL and removed article."""
    query = (
        select(legacy_urls.c.path, articles.c.path.label("target"), articles.c.status)
        .join(articles, articles.c.id == legacy_urls.c.article_id)
        .order_by(legacy_urls.c.path)
    )
    for row in conn.execution_options(stream_results=True, yield_per=5000).execute(query):
        yield row.path, row.target, row.status
    removed = select(articles.c.path).where(articles.c.status != "published").order_by(articles.c.path)
    for path in conn.execute(removed).scalars():  # a removed article's own path answers 410 too
        yield path, path, "removed"


def _variants(old: str) -> list[str]:
    """The old path as a request may carry it: with and without the trailing slash.

    >>> _variants("/a/b.html"), _variants("/a?x=1")
    (['/a/b.html', '/a/b.html/'], ['/a?x=1'])
    """
    return [old] if "?" in old else [old, old + "/"]


def _nginx_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_maps(rows: Iterable[tuple[str, str, str]]) -> tuple[str, int, int]:
    """The nginx ``map`` blocks for old URLs; returns (text, redirects, gone)."""
    moved, gone = [], []
    for old, new, status in rows:
        for key in _variants(old):
            if status == "published":
                moved.append(f"    {_nginx_quote(key)} {_nginx_quote(new)};")
            else:
                gone.append(f"    {_nginx_quote(key)} 1;")
    text = (
        "# Old URLs of the archive (archivist build-site). Include inside http {}.\n"
        "# For large archives raise: map_hash_max_size 4194304; map_hash_bucket_size 256;\n"
        'map $request_uri $archivist_redirect {\n    default "";\n' + "\n".join(moved) + "\n}\n"
        "map $request_uri $archivist_gone {\n    default 0;\n" + "\n".join(gone) + "\n}\n"
    )
    return text, len(moved), len(gone)


def _apache_key(value: str) -> str:
    return value.replace(" ", "%20")


def apache_maps(rows: Iterable[tuple[str, str, str]]) -> tuple[str, str]:
    """RewriteMap txt files: (redirects, gone)."""
    moved, gone = [], []
    for old, new, status in rows:
        for key in _variants(old):
            if status == "published":
                moved.append(f"{_apache_key(key)} {new}")
            else:
                gone.append(f"{_apache_key(key)} 410")
    return "\n".join(moved) + "\n", "\n".join(gone) + "\n"


def _server_conf(out: Path) -> str:
    headers = "\n".join(f'    add_header {k.decode()} "{v.decode()}" always;' for k, v in HEADERS)
    return f"""# A server for the static archive; include redirects.nginx.conf in http {{}} first.
server {{
    listen 80;
    root {out.resolve()};
    charset utf-8;
    if ($archivist_gone) {{ return 410; }}
    if ($archivist_redirect) {{ return 301 $archivist_redirect; }}
    location / {{ try_files $uri $uri/index.html =404; }}
    error_page 404 /404.html;
    error_page 410 /410.html;
{headers}
}}
"""


def _apache_conf(out: Path) -> str:
    headers = "\n".join(f'Header always set {k.decode()} "{v.decode()}"' for k, v in HEADERS)
    return f"""# Old URLs and headers for Apache (mod_rewrite, mod_headers); server or vhost context.
# For millions of lines: httxt2dbm -i redirects.apache.map -o redirects.dbm, then use dbm:
DocumentRoot "{out.resolve()}"
ErrorDocument 404 /404.html
ErrorDocument 410 /410.html
RewriteEngine On
RewriteMap archivist_moved "txt:{(out / "redirects.apache.map").resolve()}"
RewriteMap archivist_gone "txt:{(out / "gone.apache.map").resolve()}"
RewriteCond %{{QUERY_STRING}} !^$
RewriteCond ${{archivist_gone:%{{REQUEST_URI}}?%{{QUERY_STRING}}|NONE}} !=NONE
RewriteRule ^ - [G,L]
RewriteCond ${{archivist_gone:%{{REQUEST_URI}}|NONE}} !=NONE
RewriteRule ^ - [G,L]
RewriteCond %{{QUERY_STRING}} !^$
RewriteCond ${{archivist_moved:%{{REQUEST_URI}}?%{{QUERY_STRING}}|NONE}} !=NONE
RewriteRule ^ ${{archivist_moved:%{{REQUEST_URI}}?%{{QUERY_STRING}}}}? [R=301,L]
RewriteCond ${{archivist_moved:%{{REQUEST_URI}}|NONE}} !=NONE
RewriteRule ^ ${{archivist_moved:%{{REQUEST_URI}}}}? [R=301,L]
{headers}
"""


def build_site(config: MigrationConfig, out: Path, settings: SiteSettings | None = None) -> BuildSummary:
    """Render the archive at ``config.db_url`` into ``out``; returns what was written."""
    engine = open_store(config.db_url)
    site = Site(config, engine, settings or SiteSettings())
    site.env.globals["static_export"] = True
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    count = pages = 0
    try:
        with engine.connect() as conn:
            nav = nav_sections(site, conn)
            base = {"nav_sections": nav, "static_export": True}
            for stored in iter_articles(conn):
                context = article_context(site, conn, stored) | {"static_export": True}
                _write(out, stored.path, site.render("article.html", context))
                count += 1
            home = base | {"latest": list_teasers(conn, limit=12), "most_read": most_read(conn, 5)}
            _write(out, "/index.html", site.render("home.html", home | {"canonical": site.base_url + "/"}))
            for section in nav:
                names = list_section_names(conn, section.slug)
                feed = f"/feeds/{section.slug}.xml"
                context = base | {"heading": section.name, "feed": feed}
                teasers = _stream_teasers(conn, articles.c.section.in_(names))
                pages += _list_pages(site, out, f"/sections/{section.slug}", teasers, section.count, context)
                latest = list_teasers(conn, limit=FEED_SIZE, sections=names)
                title = f"{config.site_name} · {section.name}"
                _write(out, feed, site.render("atom.xml", feed_context(site, latest, title, feed)))
            months = list_months(conn)
            years: dict[int, list[Any]] = {}
            for month in months:
                years.setdefault(month.year, []).append(month)
                where = (extract("year", articles.c.published_at) == month.year) & (
                    extract("month", articles.c.published_at) == month.month
                )
                base_path = f"/archive/{month.year:04d}/{month.month:02d}"
                context = base | {"heading_month": (month.year, month.month)}
                pages += _list_pages(site, out, base_path, _stream_teasers(conn, where), month.count, context)
            archive = base | {"years": years, "canonical": site.base_url + "/archive"}
            _write(out, "/archive", site.render("archive.html", archive))
            latest = list_teasers(conn, limit=FEED_SIZE)
            _write(
                out,
                "/feed.xml",
                site.render("atom.xml", feed_context(site, latest, config.site_name, "/feed.xml")),
            )
            names = sitemap_names(conn)
            _write(out, "/sitemap.xml", site.render("sitemap_index.xml", {"names": names, "ext": ".xml"}))
            for name in names:
                entries = sitemap_entries(conn, name)
                _write(out, f"/sitemaps/{name}.xml", site.render("sitemap.xml", {"entries": entries}))
            _write(out, "/robots.txt", robots_txt(site.base_url).replace("Disallow: /search\n", ""))
            for status in (404, 410):
                error = base | {"status": status, "message": "", "suggestion": "", "canonical": None}
                _write(out, f"/{status}.html", site.render("error.html", error))
            nginx, redirects, gone = nginx_maps(_legacy_rows(conn))
            _write(out, "/redirects.nginx.conf", nginx)
            moved_map, gone_map = apache_maps(_legacy_rows(conn))
            _write(out, "/redirects.apache.map", moved_map)
            _write(out, "/gone.apache.map", gone_map)
    finally:
        engine.dispose()
    _write(out, "/site.nginx.conf", _server_conf(out))
    _write(out, "/redirects.apache.conf", _apache_conf(out))
    return BuildSummary(count, pages + 2, redirects, gone)
