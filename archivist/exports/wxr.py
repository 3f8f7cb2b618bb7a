"""Articles -> a WordPress eXtended RSS 1.2 file the WordPress Importer reads.

Written as a stream of strings (one ``<item>`` per article, nothing held), with
the namespaces and elements the importer requires: ``wp:wxr_version``,
``wp:base_site_url``, ``wp:author`` entries, and per item ``title``, ``link``,
``dc:creator``, ``content:encoded`` (the body as :func:`archivist.exports.body_html`
renders it), ``excerpt:encoded`` (the lead), ``wp:post_id``, ``wp:post_date`` /
``wp:post_date_gmt`` (UTC), ``wp:post_name`` (the new slug), ``wp:status``
publish, ``wp:post_type`` post, categories (the section) and tags. Each figure's
image is also an attachment item (``wp:attachment_url``) so the importer can
download it.

WordPress has no field for kicker, dateline, language, the byline as written, or
the legacy id and URL: they go to post meta (``_archivist_*``), which
:mod:`archivist.recover.wxr` reads back, so WXR -> archivist -> WXR -> archivist
keeps every field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from archivist.model import Article, Role
from archivist.recover.inline import xml_safe
from archivist.store.paths import slugify

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
# article field -> post meta key (read back by archivist.recover.wxr.META_KEYS)
META = {
    "kicker": "_archivist_kicker",
    "dateline": "_archivist_dateline",
    "language": "_archivist_language",
    "byline": "_archivist_byline",
    "legacy_id": "_archivist_legacy_id",
    "url": "_archivist_legacy_url",
}


@dataclass(frozen=True)
class ExportItem:
    """One article to export and where it lives on the new site."""

    article: Article
    path: str = ""


def cdata(text: str) -> str:
    """A CDATA section; ``]]>`` inside is split across two sections.

    >>> cdata("a]]>b")
    '<![CDATA[a]]]]><![CDATA[>b]]>'
    """
    return "<![CDATA[" + xml_safe(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml(text: str) -> str:
    return escape(_clean(text), quote=True)


def _clean(text: str) -> str:
    # characters XML 1.0 cannot carry at all (C0 controls other than tab/newline)
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))


def author_login(byline: str) -> str:
    """A WordPress login for a byline (``Anna Müller`` -> ``anna-muller``)."""
    return slugify(byline, 60) or "archivist"


def header(site_url: str, site_name: str, authors: Sequence[str] = (), language: str = "") -> str:
    namespaces = "\n".join(f'\txmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    lines = [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        f'<rss version="2.0"\n{namespaces}\n>',
        "<channel>",
        f"\t<title>{_xml(site_name)}</title>",
        f"\t<link>{_xml(site_url)}</link>",
        "\t<description></description>",
        f"\t<language>{_xml(language)}</language>" if language else "",
        "\t<wp:wxr_version>1.2</wp:wxr_version>",
        f"\t<wp:base_site_url>{_xml(site_url)}</wp:base_site_url>",
        f"\t<wp:base_blog_url>{_xml(site_url)}</wp:base_blog_url>",
        "\t<generator>archivist</generator>",
    ]
    for number, byline in enumerate(dict.fromkeys(a for a in authors if a), start=1):
        lines.append(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id>"
            f"<wp:author_login>{cdata(author_login(byline))}</wp:author_login>"
            f"<wp:author_email></wp:author_email>"
            f"<wp:author_display_name>{cdata(byline)}</wp:author_display_name></wp:author>"
        )
    return "\n".join(line for line in lines if line) + "\n"


FOOTER = "</channel>\n</rss>\n"


def _dates(published: datetime | None) -> tuple[str, str, str]:
    """``(pubDate, post_date, post_date_gmt)``; WordPress' zero date when unknown."""
    if published is None:
        return "", "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    utc = published.astimezone(UTC) if published.tzinfo else published.replace(tzinfo=UTC)
    stamp = utc.strftime("%Y-%m-%d %H:%M:%S")
    return format_datetime(utc), stamp, stamp


def _meta(key: str, value: str) -> str:
    return (
        f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def item_xml(item: ExportItem, post_id: int, site_url: str) -> tuple[str, int]:
    """The ``<item>`` of one article plus its image attachments; returns the next free id."""
    from archivist.exports import body_html

    article = item.article
    link = site_url.rstrip("/") + item.path if item.path else article.url
    slug = item.path.rstrip("/").rsplit("/", 1)[-1] if item.path else slugify(article.title)
    pub_date, post_date, post_date_gmt = _dates(article.published)
    lines = [
        "\t<item>",
        f"\t\t<title>{cdata(_clean(article.title))}</title>",
        f"\t\t<link>{_xml(link)}</link>",
        f"\t\t<pubDate>{pub_date}</pubDate>",
        f"\t\t<dc:creator>{cdata(author_login(article.byline) if article.byline else '')}</dc:creator>",
        f'\t\t<guid isPermaLink="false">{_xml(link or f"archivist:{article.legacy_id}")}</guid>',
        "\t\t<description></description>",
        f"\t\t<content:encoded>{cdata(_clean(body_html(article)))}</content:encoded>",
        f"\t\t<excerpt:encoded>{cdata(_clean(article.lead))}</excerpt:encoded>",
        f"\t\t<wp:post_id>{post_id}</wp:post_id>",
        f"\t\t<wp:post_date>{cdata(post_date)}</wp:post_date>",
        f"\t\t<wp:post_date_gmt>{cdata(post_date_gmt)}</wp:post_date_gmt>",
        f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>",
        f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>",
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>",
        f"\t\t<wp:status>{cdata('publish')}</wp:status>",
        "\t\t<wp:post_parent>0</wp:post_parent>",
        "\t\t<wp:menu_order>0</wp:menu_order>",
        f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>",
        "\t\t<wp:is_sticky>0</wp:is_sticky>",
    ]
    if article.section:
        lines.append(
            f'\t\t<category domain="category" nicename="{_xml(slugify(article.section))}">'
            f"{cdata(_clean(article.section))}</category>"
        )
    for tag in article.tags:
        lines.append(
            f'\t\t<category domain="post_tag" nicename="{_xml(slugify(tag))}">{cdata(_clean(tag))}</category>'
        )
    values = {
        "kicker": article.kicker,
        "dateline": article.dateline,
        "language": article.language,
        "byline": article.byline,
        "legacy_id": article.legacy_id,
        "url": article.url,
    }
    # the legacy URL is written even when empty, so the reader never falls back to the new link
    lines.extend(_meta(META[f], _clean(v)) for f, v in values.items() if v or f == "url")
    lines.append("\t</item>")
    next_id = post_id + 1
    for block in article.blocks:
        if block.role is Role.CAPTION and block.src:
            lines.append(
                _attachment(block.src, block.text, block.alt, next_id, post_id, post_date, post_date_gmt)
            )
            next_id += 1
    return "\n".join(lines) + "\n", next_id


def _attachment(src: str, caption: str, alt: str, post_id: int, parent: int, date: str, date_gmt: str) -> str:
    name = src.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or f"image-{post_id}"
    lines = [
        "\t<item>",
        f"\t\t<title>{cdata(_clean(name))}</title>",
        f'\t\t<guid isPermaLink="false">{_xml(src)}</guid>',
        f"\t\t<excerpt:encoded>{cdata(_clean(caption))}</excerpt:encoded>",
        f"\t\t<wp:post_id>{post_id}</wp:post_id>",
        f"\t\t<wp:post_date>{cdata(date)}</wp:post_date>",
        f"\t\t<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>",
        f"\t\t<wp:post_name>{cdata(slugify(name.rsplit('.', 1)[0]) or f'image-{post_id}')}</wp:post_name>",
        f"\t\t<wp:status>{cdata('inherit')}</wp:status>",
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>",
        f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>",
        f"\t\t<wp:attachment_url>{cdata(src)}</wp:attachment_url>",
    ]
    if alt:
        lines.append(_meta("_wp_attachment_image_alt", _clean(alt)))
    lines.append("\t</item>")
    return "\n".join(lines)


def wxr_chunks(
    items: Iterable[ExportItem],
    *,
    site_url: str,
    site_name: str = "The Archive",
    authors: Sequence[str] = (),
    language: str = "",
) -> Iterator[str]:
    """The WXR file as a stream of strings: header, one item per article, footer."""
    yield header(site_url, site_name, authors, language)
    post_id = 1
    for item in items:
        text, post_id = item_xml(item, post_id, site_url)
        yield text
    yield FOOTER
