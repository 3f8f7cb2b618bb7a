"""What an HTML page says about itself: charset, title tags, JSON-LD, canonical URL.

These are the cross-checks for kicker and title (DESIGN.md section 1): a site that
renders ``kicker <span aria-hidden> - </span> title`` usually also writes
``<title>Kicker: Title | Site</title>``, ``og:title`` and a JSON-LD ``headline``.
Everything here is pure: text in, :class:`PageMeta` out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archivist.recover.html_inline import collapse

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# "Kicker: Title | Site", "Title - Site", "Title – Site"; the site part is dropped
_SITE_SUFFIX_RE = re.compile(r"\s+(?:\||–|—|-|·|::)\s+[^|–—·]{1,60}$")
_KICKER_SPLIT_RE = re.compile(r"^(?P<kicker>[^:]{2,80}?)\s*:\s+(?P<title>.+)$")

# JSON-LD types that describe the article itself (schema.org)
ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BlogPosting", "Report", "ScholarlyArticle", "TechArticle", "LiveBlogPosting"}
)  # fmt: skip


def decode_html(raw: bytes, http_charset: str = "") -> str:
    """Bytes to text as a browser reads them: BOM, the HTTP charset (of a crawl), the
    page's declared charset, then UTF-8, then cp1252.

    >>> decode_html('<meta charset="windows-1252"><p>caf\xe9'.encode("cp1252"))
    '<meta charset="windows-1252"><p>café'
    >>> decode_html("<p>déjà".encode())
    '<p>déjà'
    >>> decode_html("<p>Zürich".encode("latin-1"), "ISO-8859-1")
    '<p>Zürich'
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    declared = _CHARSET_RE.search(raw[:4096])
    for name in (http_charset.encode("ascii", "replace"), declared.group(1) if declared else b""):
        codec = name.decode("ascii", "replace").strip().lower()
        if not codec:
            continue
        if codec in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            codec = "cp1252"  # browsers read these as windows-1252 (WHATWG encoding spec)
        try:
            return raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class PageMeta:
    """The page's own statements about itself (empty strings when absent)."""

    title_tag: str = ""
    og_title: str = ""
    headline: str = ""  # JSON-LD headline
    description: str = ""
    url: str = ""  # canonical or og:url
    language: str = ""
    author: str = ""
    section: str = ""
    published: datetime | None = None

    @property
    def title(self) -> str:
        """The best title the page states, site name removed."""
        return self.headline or strip_site(self.og_title) or split_title_tag(self.title_tag)[1]

    @property
    def kicker(self) -> str:
        """The kicker the ``<title>`` tag carries ("Kicker: Title | Site"), if any."""
        kicker, _ = split_title_tag(self.title_tag)
        return kicker


def strip_site(text: str) -> str:
    """Drop a trailing " | Site" part.

    >>> strip_site("Le régime avance | La Gazette")
    'Le régime avance'
    """
    return _SITE_SUFFIX_RE.sub("", collapse(text))


def split_title_tag(text: str) -> tuple[str, str]:
    """``<title>`` text to (kicker, title).

    >>> split_title_tag("Syrie - Alep: Le régime s'empare de nouveaux quartiers | La Gazette")
    ('Syrie - Alep', "Le régime s'empare de nouveaux quartiers")
    >>> split_title_tag("Grossbrand in Schaffhausen – Zeitung")
    ('', 'Grossbrand in Schaffhausen')
    """
    title = strip_site(text)
    match = _KICKER_SPLIT_RE.match(title)
    if match:
        return match.group("kicker").strip(), match.group("title").strip()
    return "", title


def parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date or date-time, else None.

    >>> parse_datetime("2016-12-07T18:45:00+01:00").isoformat()
    '2016-12-07T18:45:00+01:00'
    >>> parse_datetime("gestern") is None
    True
    """
    value = value.strip().replace("Z", "+00:00")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _meta(tree: LexborHTMLParser, *keys: str) -> str:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return collapse(node.attributes.get("content") or "")
    return ""


def _jsonld_articles(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common and never fatal
        stack: list[Any] = [data]
        while stack and len(found) < 10:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k in ARTICLE_TYPES for k in kinds):
                    found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return found


def _name(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v) for v in value) if n)
    return ""


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    """Collect title tags, JSON-LD, canonical URL, language, author and date."""
    title_node = tree.css_first("title")
    canonical = tree.css_first('link[rel="canonical"]')
    html_node: LexborNode | None = tree.css_first("html")
    ld = _jsonld_articles(tree)
    first = ld[0] if ld else {}
    published = parse_datetime(str(first.get("datePublished") or "")) or parse_datetime(
        _meta(tree, "article:published_time", "datePublished", "date", "DC.date.issued")
    )
    return PageMeta(
        title_tag=collapse(title_node.text(deep=True)) if title_node is not None else "",
        og_title=_meta(tree, "og:title", "twitter:title"),
        headline=collapse(str(first.get("headline") or "")),
        description=_meta(tree, "og:description", "description"),
        url=(canonical.attributes.get("href") or "").strip()
        if canonical is not None
        else _meta(tree, "og:url"),
        language=((html_node.attributes.get("lang") or "") if html_node is not None else "")
        .split("-")[0]
        .lower(),
        author=collapse(_name(first.get("author"))) or _meta(tree, "author", "article:author"),
        section=collapse(str(first.get("articleSection") or "")) or _meta(tree, "article:section"),
        published=published,
    )
