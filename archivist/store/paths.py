"""URL paths: the new, stable path of an article and the normalised old (legacy) path.

Both are pure functions of their input, so every engine and every run agrees.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from archivist.model import Article
from archivist.urls import split_url

SLUG_MAX = 80  # characters of the title kept in the path: readable, and short enough for every browser
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# letters NFKD does not decompose into ASCII (German, French, Nordic typography)
_TRANSLIT = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """Lower-case ASCII words joined by dashes, cut on a word boundary.

    >>> slugify("Le régime s'empare de nouveaux quartiers rebelles")
    'le-regime-s-empare-de-nouveaux-quartiers-rebelles'
    >>> slugify("Straße zur Öffnung: 20min.ch ")
    'strasse-zur-offnung-20min-ch'
    >>> slugify("a" * 10 + " " + "b" * 10, max_len=15)
    'aaaaaaaaaa'
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLIT))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_len]
    return slug.strip("-")


def article_path(article: Article) -> str:
    """The stable new URL path: section, year, month, title slug and legacy id.

    >>> from datetime import datetime
    >>> a = Article("4711", "Le régime s'empare de nouveaux quartiers rebelles",
    ...             section="Politique", published=datetime(2016, 12, 13))
    >>> article_path(a)
    '/politique/2016/12/le-regime-s-empare-de-nouveaux-quartiers-rebelles-4711'
    >>> article_path(Article("x/17", "", language="de"))
    '/archiv/x-17'
    """
    section = slugify(article.section, 40) or _ARCHIVE.get(article.language[:2], "archive")
    parts = [section]
    if article.published is not None:
        parts += [f"{article.published.year:04d}", f"{article.published.month:02d}"]
    ident = slugify(article.legacy_id, 60) or hashlib.sha256(article.legacy_id.encode()).hexdigest()[:12]
    title = slugify(article.title)
    parts.append(f"{title}-{ident}" if title else ident)
    return "/" + "/".join(parts)


# the section used when an article has none, by language
_ARCHIVE = {"fr": "archives", "de": "archiv", "en": "archive", "it": "archivio"}


def legacy_path(url: str) -> str:
    """The old URL reduced to what a request to the new site carries: path and query.

    No scheme, no host, no fragment, no trailing slash; '' when nothing is left.

    >>> legacy_path("https://www.example.ch/monde/syrie-alep-4711.html?page=2#top")
    '/monde/syrie-alep-4711.html?page=2'
    >>> legacy_path("www.example.ch/sport/derby/")
    '/sport/derby'
    >>> legacy_path("/politik/artikel/17/")
    '/politik/artikel/17'
    >>> legacy_path("https://www.example.ch/")
    ''
    """
    url = url.strip()
    if not url:
        return ""
    if "://" not in url and not url.startswith("/"):
        head = url.split("/", 1)[0]
        url = "//" + url if "." in head else "/" + url  # "www.host.ch/path" carries a host
    parts = split_url(url)
    path = parts.path.rstrip("/")
    if not path and not parts.query:
        return ""
    path = path if path.startswith("/") else "/" + path
    return f"{path}?{parts.query}" if parts.query else path
