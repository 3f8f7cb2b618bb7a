"""The public pages through TestClient, on SQLite and PostgreSQL: template, context, markup."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from archivist.model import Role
from archivist.site.i18n import NOTICES
from archivist.site.state import SiteSettings
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article
from archivist.store.editorial import add_correction
from tests.site_client import site_client
from tests.site_fixtures import DE, EN, FR


def _doc(text: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(text)


def test_article_page_structure(db_url: str) -> None:
    with site_client(db_url) as site:
        response = site.client.get(site.seeded.paths["4711"])
        assert response.status_code == 200
        assert response.template.name == "article.html"  # type: ignore[attr-defined]
        context = response.context  # type: ignore[attr-defined]
        assert context["article"].title == FR.title
        assert context["lang"] == "fr"
        assert [b.role for b in context["blocks"]] == [str(b.role) for b in FR.blocks]
        doc = _doc(response.text)
        article = doc.xpath("//article[@class='article']")[0]
        assert article.get("lang") == "fr"
        header = article.xpath("./header")[0]
        order = [el.get("class") or el.tag for el in header.iterchildren()]
        # kicker above the title, lead right under it
        assert order.index("kicker") + 1 == order.index("article-title")
        assert order.index("lead") == order.index("article-title") + 1
        assert header.xpath("./h1")[0].text_content() == FR.title
        assert header.xpath("./p[@class='kicker']")[0].text_content() == FR.kicker
        assert header.xpath("./p[@class='lead']")[0].text_content() == FR.lead
        subheads = [b.text for b in FR.blocks if b.role == Role.SUBHEAD]
        assert [h.text_content() for h in article.xpath(".//div[@class='article-body']//h2")] == subheads
        figure = article.xpath(".//figure")[0]
        assert figure.xpath(".//small[@class='credit']")[0].text_content() == "KEYSTONE"
        assert figure.xpath(".//img/@src") == ["https://img.example.ch/tram-12.jpg"]
        assert "Claire Duvanel" in header.xpath(".//*[@class='byline']")[0].text_content()
        assert header.xpath(".//*[@class='published']/time/@datetime")[0].startswith("2016-12-13")


@pytest.mark.parametrize(
    ("legacy_id", "language"),
    [
        ("4711", "fr"),  # French article: French notice
        ("8812", "de"),  # German article: German notice
    ],
)
def test_notice_in_the_article_language_after_the_body(db_url: str, legacy_id: str, language: str) -> None:
    with site_client(db_url) as site:
        doc = _doc(site.client.get(site.seeded.paths[legacy_id]).text)
        notice = doc.xpath("//aside[@class='import-notice']")
        assert len(notice) == 1
        expected = NOTICES[language].replace("{email}", "corrections@example.org")
        assert expected in notice[0].text_content()
        assert notice[0].xpath(".//a/@href") == [f"/report/{site.seeded.ids[legacy_id]}"]  # works without JS
        # after the body, never inside it
        assert notice[0].getprevious().get("class") == "article-body"
        assert expected not in doc.xpath("//div[@class='article-body']")[0].text_content()


def test_not_imported_article_has_no_notice_and_notice_wording_is_configurable(db_url: str) -> None:
    with site_client(
        db_url, notice_fr="Importé. Écrivez à {email}.", report_email="fix@news.example"
    ) as site:
        english = _doc(site.client.get(site.seeded.paths[EN.legacy_id]).text)
        assert english.xpath("//aside[@class='import-notice']") == []
        french = _doc(site.client.get(site.seeded.paths["4711"]).text)
        assert (
            "Importé. Écrivez à fix@news.example."
            in french.xpath("//aside[@class='import-notice']")[0].text_content()
        )


def test_internal_links_are_rewritten_to_new_paths(db_url: str) -> None:
    with site_client(db_url) as site:
        doc = _doc(site.client.get(site.seeded.paths["4711"]).text)
        hrefs = doc.xpath("//div[@class='article-body']//p/a/@href")
        assert hrefs == [site.seeded.paths[DE.legacy_id]]


@pytest.mark.parametrize(
    ("old", "legacy_id"),
    [
        ("/suisse/tram-cornavin-4711.html", "4711"),  # old path as the export gave it
        ("/suisse/tram-cornavin-4711.html/", "4711"),  # with a trailing slash
        ("/sport/derby-8812.html?ref=home", "8812"),  # old URL with its query string
        ("/world/glacier-melt-77", "en-77"),  # a relative old URL
    ],
)
def test_old_urls_answer_one_301_to_the_new_page(db_url: str, old: str, legacy_id: str) -> None:
    with site_client(db_url) as site:
        response = site.client.get(old, follow_redirects=False)
        assert response.status_code == 301
        assert response.headers["location"] == site.seeded.paths[legacy_id]
        landed = site.client.get(response.headers["location"], follow_redirects=False)
        assert landed.status_code == 200  # one hop: the target is the page itself


@pytest.mark.parametrize(
    "path",
    [
        "/suisse/ancien-9999.html",  # old URL of a removed article
        "/suisse/2015/01/un-article-retire-des-archives-9999",  # its new path
    ],
)
def test_removed_articles_answer_410(db_url: str, path: str) -> None:
    with site_client(db_url) as site:
        response = site.client.get(path, follow_redirects=False)
        assert response.status_code == 410
        assert response.template.name == "error.html"  # type: ignore[attr-defined]


def test_unknown_path_is_a_helpful_404_with_search(db_url: str) -> None:
    with site_client(db_url) as site:
        response = site.client.get("/monde/glacier-recul-record-555.html")
        assert response.status_code == 404
        assert response.context["suggestion"] == "monde glacier recul record"  # type: ignore[attr-defined]
        form = _doc(response.text).xpath("//form[@action='/search']//input[@name='q']/@value")
        assert "monde glacier recul record" in form


def test_home_latest_and_most_read(db_url: str) -> None:
    settings = SiteSettings(report_min_fill=0, views_flush=0)
    with site_client(db_url, settings) as site:
        for _ in range(3):
            site.client.get(site.seeded.paths["8812"])
        site.client.get(site.seeded.paths["4711"])
        site.client.app.state.site.home_cache = None  # type: ignore[attr-defined]
        response = site.client.get("/")
        assert response.template.name == "home.html"  # type: ignore[attr-defined]
        latest = [t.title for t in response.context["latest"]]  # type: ignore[attr-defined]
        assert latest == [EN.title, DE.title, FR.title]  # newest first; the removed one is absent
        most = [t.title for t in response.context["most_read"]]  # type: ignore[attr-defined]
        assert most == [DE.title, FR.title]


def test_section_pages_paginate(db_url: str) -> None:
    with site_client(db_url, SiteSettings(page_size=1, report_min_fill=0)) as site:
        first = site.client.get("/sections/suisse")
        assert first.template.name == "list.html"  # type: ignore[attr-defined]
        assert [t.title for t in first.context["teasers"]] == [FR.title]  # type: ignore[attr-defined]
        assert first.context["paging"]["pages"] == 1  # type: ignore[attr-defined]  # the removed one is not counted
        assert site.client.get("/sections/suisse?page=2").status_code == 404
        assert site.client.get("/sections/nowhere").status_code == 404


def test_date_archive(db_url: str) -> None:
    with site_client(db_url) as site:
        index = site.client.get("/archive")
        assert index.template.name == "archive.html"  # type: ignore[attr-defined]
        assert sorted(index.context["years"]) == [2016, 2019, 2021]  # type: ignore[attr-defined]
        month = site.client.get("/archive/2019/03")
        assert [t.title for t in month.context["teasers"]] == [DE.title]  # type: ignore[attr-defined]
        assert site.client.get("/archive/2019/13").status_code == 404


def test_json_ld_and_canonical(db_url: str) -> None:
    with site_client(db_url) as site:
        doc = _doc(site.client.get(site.seeded.paths["4711"]).text)
        canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
        assert canonical == "http://127.0.0.1:8000" + site.seeded.paths["4711"]
        data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == FR.title
        assert data["datePublished"].startswith("2016-12-13")  # the original date, not the import
        assert data["author"]["name"] == "Claire Duvanel"
        assert data["articleSection"] == "Suisse"
        assert data["image"] == ["https://img.example.ch/tram-12.jpg"]
        assert "correction" not in data


def test_editor_correction_shows_date_note_and_json_ld(db_url: str) -> None:
    with site_client(db_url, SiteSettings(cache_ttl=0, report_min_fill=0)) as site:
        path = site.seeded.paths["4711"]
        site.client.get(path)  # cached before the correction
        engine = open_store(db_url)
        with engine.begin() as conn:
            stored = get_article(conn, site.seeded.ids["4711"])
            assert stored is not None
            fixed = stored.article.__class__(**{**_fields(stored.article), "kicker": "Genève – Transports"})
            add_revision(conn, stored.id, fixed, kind="editor", author="ed", message="tiret du surtitre")
            add_correction(conn, stored.id, None, "Surtitre corrigé.", "ed")  # the public, dated note
        engine.dispose()
        response = site.client.get(path)
        assert "tiret du surtitre" not in response.text  # a revision message stays internal
        assert response.context["correction"].note == "Surtitre corrigé."  # type: ignore[attr-defined]
        doc = _doc(response.text)
        assert doc.xpath("//p[@class='kicker']")[0].text_content() == "Genève – Transports"
        assert doc.xpath("//*[@class='corrected']/time/@datetime")
        data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["correction"]["text"] == "Surtitre corrigé."
        assert data["dateModified"] > data["datePublished"]


def _fields(article: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(article, f.name) for f in fields(article)}  # type: ignore[arg-type]


def test_security_headers_on_every_kind_of_response(db_url: str) -> None:
    with site_client(db_url) as site:
        for path in ("/", site.seeded.paths["4711"], "/nowhere", "/static/site.css", "/feed.xml", "/_ping"):
            headers = site.client.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "object-src 'none'" in csp and "'unsafe-inline'" not in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"


def test_robots_sitemaps_and_feeds(db_url: str) -> None:
    from lxml import etree

    with site_client(db_url) as site:
        robots = site.client.get("/robots.txt").text
        assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
        index = etree.fromstring(site.client.get("/sitemap.xml").content)
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locs = index.xpath("//s:loc/text()", namespaces=ns)
        assert locs == [f"http://127.0.0.1:8000/sitemaps/{m}.xml" for m in ("2021-07", "2019-03", "2016-12")]
        month = etree.fromstring(site.client.get("/sitemaps/2016-12.xml").content)
        assert month.xpath("//s:loc/text()", namespaces=ns) == [
            "http://127.0.0.1:8000" + site.seeded.paths["4711"]
        ]
        atom = {"a": "http://www.w3.org/2005/Atom"}
        feed = etree.fromstring(site.client.get("/feeds/sport.xml").content)
        assert feed.xpath("//a:entry/a:link/@href", namespaces=atom) == [
            "http://127.0.0.1:8000" + site.seeded.paths["8812"]
        ]
        everything = etree.fromstring(site.client.get("/feed.xml").content)
        assert len(everything.xpath("//a:entry", namespaces=atom)) == 3


def test_cached_page_is_emptied_when_the_article_is_removed(db_url: str) -> None:
    from archivist.store.articles import set_article_status

    with site_client(db_url, SiteSettings(cache_ttl=0, report_min_fill=0)) as site:
        path = site.seeded.paths["8812"]
        first, second = site.client.get(path), site.client.get(path)  # the second comes from the cache
        assert first.status_code == second.status_code == 200
        assert second.template.name == "article.html"  # type: ignore[attr-defined]
        assert first.context["csrf_token"] != "" and "__ARCHIVIST" not in second.text  # type: ignore[attr-defined]
        engine = open_store(db_url)
        with engine.begin() as conn:
            set_article_status(conn, site.seeded.ids["8812"], "removed")
        engine.dispose()
        assert site.client.get(path).status_code == 410
        assert site.client.get("/sport/derby-8812.html?ref=home", follow_redirects=False).status_code == 410
