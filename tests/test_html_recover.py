"""Legacy HTML pages recovered without a template (the generic path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from archivist.errors import EmptyRecord, RecordTooLarge, StructureNotFound
from archivist.model import LegacyRecord, Role
from archivist.recover import parse_record
from archivist.recover.html import extract_generic, kicker_and_title, parse_html
from archivist.recover.html_inline import InlineText
from archivist.recover.html_meta import decode_html, read_meta, split_title_tag
from archivist.templates.nodes import node_text

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _record(name: str) -> LegacyRecord:
    return LegacyRecord(name.split(".")[0], "html", (FIXTURES / name).read_bytes(), origin=name)


@pytest.fixture(scope="module")
def piscines():  # the French page: kicker, hidden dash, figure, quote, fact box, ads
    return parse_record(_record("piscines-lausanne.html"))


def test_kicker_and_title_are_split_at_the_hidden_dash(piscines) -> None:
    article = piscines.article
    assert article.kicker == "Vaud - Lausanne"
    assert article.title == "La ville ferme trois piscines pour l'hiver"


def test_page_metadata_is_kept(piscines) -> None:
    article = piscines.article
    assert article.lead.startswith("Faute de personnel")
    assert article.byline == "Claire Dubois"
    assert article.published is not None and article.published.isoformat() == "2016-11-29T07:45:00+01:00"
    assert article.language == "fr"
    assert article.url == "https://www.gazette-du-lac.example/vaud/piscines-fermees-4711"
    assert article.source_format == "html"
    assert piscines.findings == ()


def test_body_keeps_structure_and_leaves_boilerplate_out(piscines) -> None:
    blocks = piscines.article.blocks
    roles = [b.role for b in blocks]
    assert Role.SUBHEAD in roles and Role.QUOTE in roles and Role.LIST in roles
    assert [b.text for b in blocks if b.role is Role.SUBHEAD][:2] == [
        "Des maîtres-nageurs introuvables",
        "Les clubs inquiets",
    ]
    text = " ".join(b.text + " ".join(b.items) for b in blocks)
    for boilerplate in (
        "Publicité",
        "Agrandir",
        "Scandaleux",
        "Impressum",
        "Sur le même sujet",
        "La Gazette",
    ):
        assert boilerplate not in text
    assert piscines.article.title not in text  # the headline is not repeated in the body


def test_figure_keeps_src_alt_caption_and_credit(piscines) -> None:
    (figure,) = [b for b in piscines.article.blocks if b.role is Role.CAPTION]
    assert (
        figure.src == "https://www.gazette-du-lac.example/media/2016/11/mon-repos.jpg"
    )  # resolved on the page URL
    assert figure.alt == "Le grand bassin de Mon-Repos, vide"
    assert figure.text == "Le bassin olympique de Mon-Repos restera vide jusqu'au printemps."
    assert figure.credit == "Photo: Jean-Luc Perret"


def test_internal_links_are_kept_for_rewriting(piscines) -> None:
    links = [
        (b.text[m.start : m.end], m.href) for b in piscines.article.blocks for m in b.marks if m.kind == "a"
    ]
    assert ("projet de budget présenté la semaine dernière", "/vaud/municipalite-budget-2017-4688") in links


def test_quote_is_not_glued_to_its_attribution(piscines) -> None:
    (quote,) = [b for b in piscines.article.blocks if b.role is Role.QUOTE]
    assert "»Le" not in quote.text


def test_colon_title_stays_one_title() -> None:
    # "Harbour tolls: what…" in <title> and og:title alike: the colon is part of the headline
    article = parse_html(_record("harbour-tolls.htm")).article
    assert article.kicker == ""
    assert article.title == "Harbour tolls: what the new rules mean for boat owners"
    assert article.language == "en"
    assert article.byline == "Tom Whitfield"
    assert [b.role for b in article.blocks][2:4] == [Role.SUBHEAD, Role.LIST]


def test_windows_1252_page_is_decoded() -> None:
    raw = (FIXTURES / "harbour-tolls.htm").read_bytes()
    assert b"windows-1252" in raw
    assert "Harbour tolls" in decode_html(raw)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<p>déjà</p>".encode(), "<p>déjà</p>"),  # UTF-8 without a declaration
        (
            '<meta charset="iso-8859-1"><p>\x80</p>'.encode("latin-1"),
            '<meta charset="iso-8859-1"><p>€</p>',
        ),  # cp1252
        (b"\xef\xbb\xbf<p>x</p>", "<p>x</p>"),  # BOM dropped
        ("<p>caf\xe9</p>".encode("latin-1"), "<p>café</p>"),  # undeclared latin-1 falls back to cp1252
        ('<meta charset="no-such-codec"><p>é</p>'.encode(), '<meta charset="no-such-codec"><p>é</p>'),
    ],
)
def test_decode_html(raw: bytes, text: str) -> None:
    assert decode_html(raw) == text


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        ("Syrie - Alep: Le régime avance | La Gazette", ("Syrie - Alep", "Le régime avance")),
        ("Brand in Schaffhausen – Der Landbote", ("", "Brand in Schaffhausen")),  # no kicker, site dropped
        ("Nur ein Titel", ("", "Nur ein Titel")),
    ],
)
def test_split_title_tag(title_tag: str, expected: tuple[str, str]) -> None:
    assert split_title_tag(title_tag) == expected


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # the three spans of the new site: kicker, hidden dash, title; <title> agrees
        ("<title>Syrie - Alep: Le régime avance | G</title>"
         "<meta property='og:title' content='Le régime avance'>",
         "<span>Syrie - Alep</span><span aria-hidden='true'> - </span><span>Le régime avance</span>",
         ("Syrie - Alep", "Le régime avance")),
        # no metadata kicker, but the <h1> shows two parts and its last one is the title
        ("<meta property='og:title' content='Grossbrand in der Altstadt'>",
         "<span class='k'>Schaffhausen</span><span class='sr-only'>:</span>"
         "<span>Grossbrand in der Altstadt</span>",
         ("Schaffhausen", "Grossbrand in der Altstadt")),
        # a colon title everywhere: one title
        ("<title>Brexit: what next | Courier</title><meta property='og:title' content='Brexit: what next'>",
         "Brexit: what next", ("", "Brexit: what next")),
        # <title> alone with a colon and an <h1> without parts: ambiguous, kept whole
        ("<title>Zürich: Tram fährt wieder | Blatt</title>", "Zürich: Tram fährt wieder",
         ("", "Tram fährt wieder")),
    ],
)  # fmt: skip
def test_kicker_and_title_cross_checks(head: str, h1: str, expected: tuple[str, str]) -> None:
    tree = LexborHTMLParser(f"<html><head>{head}</head><body><h1>{h1}</h1></body></html>")
    assert kicker_and_title(read_meta(tree), tree) == expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<h1><span>Syrie - Alep</span><span aria-hidden="true">-</span><span>Le régime</span></h1>',
         "Syrie - Alep Le régime"),  # hidden separator: a boundary, never glue
        ('<h1><span>Genève</span><span class="visually-hidden">:</span>Cartigny</h1>', "Genève Cartigny"),
        # no invented spaces: the source had none (a later repair restores them)
        ("<h1>Wenige Tage<a href='/x'>nach dem Sturz</a>bei</h1>", "Wenige Tagenach dem Sturzbei"),
        ("<h1>Zeile<br>Zwei</h1>", "Zeile Zwei"),  # a line break separates
        ("<h1>  viel \n  Raum\u00a0hier </h1>", "viel Raum\u00a0hier"),  # collapsed, no-break space kept
    ],
)  # fmt: skip
def test_node_text_never_glues_across_hidden_nodes(html: str, text: str) -> None:
    tree = LexborHTMLParser(html)
    assert node_text(tree.css_first("h1")) == text


def test_inline_marks_follow_collapsed_whitespace() -> None:
    builder = InlineText()
    builder.add("  Die   ")
    builder.open("em")
    builder.add("  neue ")
    builder.close()
    builder.add(" Linie ")
    text, marks = builder.result()
    assert text == "Die neue Linie"
    assert [text[m.start : m.end] for m in marks] == ["neue"]


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"   ", EmptyRecord),  # nothing
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", StructureNotFound),  # no article text
    ],
)
def test_unusable_pages_raise_typed_errors_naming_the_record(raw: bytes, error: type[Exception]) -> None:
    record = LegacyRecord("x-17", "html", raw, origin="x-17.html")
    with pytest.raises(error, match="x-17"):
        parse_html(record)


def test_record_over_the_size_limit_is_refused() -> None:
    record = LegacyRecord("big", "html", (FIXTURES / "harbour-tolls.htm").read_bytes(), origin="big.html")
    with pytest.raises(RecordTooLarge, match=r"big\.html"):
        parse_html(record, max_bytes=100)


def test_extract_generic_is_what_eval_extraction_scores() -> None:
    html = (FIXTURES / "harbour-tolls.htm").read_bytes().decode("cp1252")
    article = extract_generic(html, "https://courier.example/harbour")
    assert article.url == "https://courier.example/harbour"  # no canonical: the given url
    assert article.blocks[0].text.startswith("From May, every boat")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE html [<!ENTITY leak SYSTEM "file:///etc/passwd">]>',  # external entity (XXE)
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',  # expansion
    ],
)
def test_entities_declared_by_a_page_are_never_expanded(doctype: str) -> None:
    body = " ".join(["Der Gemeinderat hat am Montag das Budget genehmigt."] * 8)
    page = f"{doctype}<html><body><article><h1>Budget</h1><p>&leak; &b; {body}</p></article></body></html>"
    article = parse_html(LegacyRecord("xxe", "html", page.encode(), origin="xxe.html")).article
    text = " ".join(b.text for b in article.blocks)
    assert "root:" not in text and "aaaaaaaaaa" not in text
    assert "Gemeinderat" in text
