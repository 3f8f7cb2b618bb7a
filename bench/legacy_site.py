"""Generate a legacy news site: one old-CMS template rendering the gold articles.

The template is what archives of the 2000s look like: header navigation, a
leaderboard ad, a breadcrumb, ``<h1>`` with kicker, a visually hidden dash and title
as three spans, byline and ``<time>``, a lead, the body with subheads, figures
(caption + credit span + a hidden "enlarge" label), quotes, fact boxes, an inline ad
and an inline "related" box, then related teasers, reader comments, a sidebar of
most-read teasers and ads, and a footer. Every page is one gold article from
``corpus/gold/{fr,de,en}/*.json`` (cycled with new ids, dates and surroundings), so
what a template recovers can be checked field by field.

    python -m bench.legacy_site --pages 2000 --out bench/out/legacy-site [--warc]
"""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "corpus" / "gold"
SITE = {"fr": "La Gazette du Lac", "de": "Der Landbote Online", "en": "The Lakeside Courier"}
WORDS = {
    "fr": {"by": "Par", "ad": "Publicité", "related": "Sur le même sujet", "more": "À lire aussi",
           "comments": "Commentaires", "popular": "Les plus lus", "published": "Publié le",
           "enlarge": "Agrandir l'image", "share": "Partager", "home": "Accueil"},
    "de": {"by": "Von", "ad": "Anzeige", "related": "Mehr zum Thema", "more": "Das könnte Sie interessieren",
           "comments": "Kommentare", "popular": "Meistgelesen", "published": "Publiziert am",
           "enlarge": "Bild vergrössern", "share": "Teilen", "home": "Startseite"},
    "en": {"by": "By", "ad": "Advertisement", "related": "Related", "more": "You may also like",
           "comments": "Comments", "popular": "Most read", "published": "Published on",
           "enlarge": "Enlarge image", "share": "Share", "home": "Home"},
}  # fmt: skip
SECTIONS = ("Schweiz", "International", "Wirtschaft", "Kultur", "Sport", "Politique", "Monde", "Culture")
COMMENTS = (
    "Endlich sagt es jemand.",
    "Merci pour cet article très complet.",
    "I read this twice and still disagree with the council.",
    "Das war doch absehbar, seit Jahren.",
    "Qui paiera la facture au bout du compte?",
)


def load_gold(directory: Path = GOLD_DIR) -> list[dict[str, Any]]:
    """Gold articles with a title and body, in a stable order."""
    articles = []
    for path in sorted(directory.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("title") and data.get("blocks"):
            articles.append(data)
    return articles


def _slug(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in keep.split("-") if part)[:60]


def _linked(text: str, links: list[str], section: str) -> str:
    """Escape ``text`` and wrap the first occurrence of each link text in an internal link."""
    html, rest = [], text
    for link in links:
        at = rest.find(link)
        if at < 0 or not link:
            continue
        html.append(escape(rest[:at]))
        html.append(f'<a href="/{_slug(section)}/{_slug(link)}.html">{escape(link)}</a>')
        rest = rest[at + len(link) :]
    html.append(escape(rest))
    return "".join(html)


def _block(block: dict[str, Any], section: str, number: int, words: dict[str, str], page: int) -> str:
    role, text = block["role"], block.get("text", "")
    if role == "paragraph":
        html = _linked(text, block.get("links") or [], section)
        if page % 3 == 0:  # older pages: typographic entities and a line break before the end
            html = html.replace("\u00a0", "&nbsp;").replace("«", "&laquo;").replace("»", "&raquo;")
        return f"<p>{html}\n</p>"
    if role == "subhead":  # the CMS put an empty spacer paragraph after every subhead
        return f'<h2 class="zwischentitel"><b>{escape(text)}</b></h2><p>&nbsp;</p>'
    if role == "caption":
        credit = f' <span class="credit">{escape(block["credit"])}</span>' if block.get("credit") else ""
        return (
            f'<div class="bild"><figure><img src="/media/{page}-{number}.jpg" alt="{escape(text)}">'
            f'<a class="zoom" href="/media/{page}-{number}-big.jpg"><span class="visually-hidden">'
            f"{words['enlarge']}</span></a><figcaption>{escape(text)}{credit}</figcaption></figure></div>"
        )
    if role == "quote":
        cite = f"<cite>{escape(block['credit'])}</cite>" if block.get("credit") else ""
        return f'<blockquote class="zitat"><p>{escape(text)}</p>{cite}</blockquote>'
    items = "".join(f"<li>{escape(item)}</li>" for item in block.get("items", []))
    if role == "factbox":
        return f'<div class="infobox"><h3>{escape(text)}</h3><ul>{items}</ul></div>'
    return f"<ul>{items}</ul>"  # list


def render_page(article: dict[str, Any], page: int, others: list[dict[str, Any]], rng: random.Random) -> str:
    """One article page of the legacy site (``page`` makes ids, dates and surroundings vary)."""
    lang = article.get("language", "de")
    words = WORDS.get(lang, WORDS["en"])
    site = SITE.get(lang, SITE["en"])
    section = article.get("section") or "News"
    kicker, title, lead = article.get("kicker", ""), article["title"], article.get("lead", "")
    published = (
        datetime.fromisoformat(article["published"]) if article.get("published") else datetime(2009, 1, 1)
    )
    published -= timedelta(days=page // 7)
    url = f"https://archiv.example.ch/{_slug(section)}/{_slug(title)}-{100000 + page}.html"
    head_title = f"{kicker}: {title} | {site}" if kicker else f"{title} | {site}"
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "datePublished": published.isoformat(), "articleSection": section,
        **({"author": {"@type": "Person", "name": article["byline"]}} if article.get("byline") else {}),
    }  # fmt: skip
    nav = "".join(f'<li><a href="/{_slug(s)}/">{s}</a></li>' for s in SECTIONS)
    body: list[str] = []
    for number, block in enumerate(article["blocks"]):
        body.append(_block(block, section, number, words, page))
        if number == 1:  # the inline ad and the inline related box every page of that CMS had
            body.append(f'<div class="ad-slot ad-inline"><span class="ad-label">{words["ad"]}</span>'
                        f'<div id="div-gpt-ad-{rng.randint(1, 9)}"></div>'
                        "<script type=\"text/javascript\">OAS_AD('Middle');</script></div>")  # fmt: skip
        if number == 2 and page % 5 == 0:  # a video embed and an editor's HTML comment on some pages
            body.append(f'<!-- video {page} --><div class="video-embed"><iframe src="https://video.example/embed/'
                        f'{page}" width="560"></iframe><noscript>Video</noscript></div>')  # fmt: skip
        if number == 3 and others:
            other = rng.choice(others)
            href = f"/{_slug(section)}/{_slug(other['title'])}.html"
            body.append(
                f'<div class="related-inline"><strong>{words["more"]}:</strong> '
                f'<a href="{href}">{escape(other["title"])}</a></div>'
            )
    teasers = rng.sample(others, min(4, len(others)))
    related = "".join(
        f'<li><a href="/{_slug(o.get("section") or "news")}/{_slug(o["title"])}.html">'
        f'<span class="kicker">{escape(o.get("kicker", ""))}</span><span aria-hidden="true"> - </span>'
        f"{escape(o['title'])}</a></li>"
        for o in teasers
    )
    popular = "".join(
        f'<li><a href="/{_slug(o["title"])}.html">{escape(o["title"])}</a></li>' for o in teasers[::-1]
    )
    comments = "".join(
        f'<div class="comment"><p class="comment-author">Leser{rng.randint(1, 999)}</p>'
        f"<p>{escape(c)}</p></div>"
        for c in rng.sample(COMMENTS, page % 4)
    )
    byline = (
        f'<span class="byline">{words["by"]} <span class="author">{escape(article["byline"])}</span></span> '
        if article.get("byline")
        else ""
    )
    kicker_html = (
        f'<span class="dachzeile">{escape(kicker)}</span><span class="trenner" aria-hidden="true"> - </span>'
        if kicker
        else ""
    )
    lead_html = f'<p class="lead">{escape(lead)}</p>' if lead else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html lang="{lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(head_title)}</title>
<meta property="og:title" content="{escape(title)}" />
<meta property="og:description" content="{escape(lead)}" />
<meta property="og:url" content="{url}" />
<link rel="canonical" href="{url}" />
<link rel="stylesheet" type="text/css" href="/css/main.css?v=2009" />
<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>
<script type="text/javascript">var OAS_sitepage = 'archiv/{_slug(section)}'; var pageId = {100000 + page};</script>
</head>
<body class="artikel">
<div id="page">
<div id="header"><a class="logo" href="/">{site}</a><ul id="mainnav">{nav}</ul>
<form class="search" action="/suche"><input type="text" name="q" /><button>Suche</button></form></div>
<div class="ad-slot ad-leaderboard"><span class="ad-label">{words["ad"]}</span><iframe src="/ads/728x90.html"></iframe></div>
<div id="content">
<div class="col-main">
<div class="breadcrumb"><a href="/">{words["home"]}</a> &gt; <a href="/{_slug(section)}/">{escape(section)}</a></div>
<div class="artikel-detail">
<div class="artikel-kopf">
<h1 class="titel">{kicker_html}<span class="haupttitel">{escape(title)}</span></h1>
<div class="meta">{byline}<span class="visually-hidden">{words["published"]}</span> <time datetime="{published.isoformat()}">{published:%d.%m.%Y %H:%M}</time></div>
{lead_html}
</div>
<div class="share-bar"><span class="sr-only">{words["share"]}</span><a href="https://facebook.example/share?u={url}">Facebook</a> <a href="https://twitter.example/intent?u={url}">Twitter</a> <a href="mailto:?subject={escape(title)}">E-Mail</a></div>
<div class="artikel-text">
{"".join(body)}
</div>
<div class="related"><h3>{words["related"]}</h3><ul class="teaser-list">{related}</ul></div>
<div id="comments"><h3>{words["comments"]} ({page % 4})</h3>{comments}</div>
</div>
</div>
<div class="col-side"><div class="teaser-box"><h3>{words["popular"]}</h3><ol>{popular}</ol></div>
<div class="ad-slot ad-sky"><span class="ad-label">{words["ad"]}</span><iframe src="/ads/160x600.html"></iframe></div></div>
</div>
<div id="footer"><p>&copy; 2009 {site}. Alle Rechte vorbehalten.</p><ul><li><a href="/impressum">Impressum</a></li><li><a href="/kontakt">Kontakt</a></li></ul></div>
</div>
</body>
</html>
"""  # noqa: E501 - the page reads best as one template


def generate(
    pages: int, gold: list[dict[str, Any]], seed: int = 7
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(legacy id, page HTML, gold article) for ``pages`` pages, cycling over the gold articles."""
    rng = random.Random(seed)
    for page in range(pages):
        article = gold[page % len(gold)]
        others = [
            g for g in gold if g is not article and g.get("language") == article.get("language")
        ] or gold
        yield str(100000 + page), render_page(article, page, others, rng), article


def write_site(out: Path, pages: int, *, warc: bool = False) -> int:
    """Write the pages as ``out/<id>.html`` (and ``out/site.warc.gz``) plus ``out/gold.jsonl``."""
    out.mkdir(parents=True, exist_ok=True)
    gold = load_gold()
    written = 0
    with (out / "gold.jsonl").open("w", encoding="utf-8") as index:
        records = []
        for legacy_id, html, article in generate(pages, gold):
            (out / f"{legacy_id}.html").write_text(html, encoding="utf-8")
            index.write(json.dumps({"legacy_id": legacy_id, "gold": article["id"]}) + "\n")
            records.append((legacy_id, html))
            written += 1
    if warc:
        _write_warc(out / "site.warc.gz", records)
    return written


def _write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for legacy_id, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            uri = f"https://archiv.example.ch/artikel/{legacy_id}.html"
            payload = html.encode("utf-8")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=headers
            )
            writer.write_record(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "legacy-site")
    parser.add_argument("--warc", action="store_true", help="also write the pages as a WARC crawl")
    args = parser.parse_args()
    count = write_site(args.out, args.pages, warc=args.warc)
    print(f"wrote {count} pages to {args.out}")


if __name__ == "__main__":
    main()
