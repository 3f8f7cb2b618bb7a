"""The ninjs 3.0 export (DESIGN.md section 3) and the shared body HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import jsonschema
import pytest

from archivist.exports.ninjs import body_html, inline_html, to_ninjs
from archivist.model import Article, Block, Mark, Role

ALLOWED_TAGS = {
    "p",
    "h2",
    "blockquote",
    "figure",
    "img",
    "figcaption",
    "small",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
}

ARTICLE = Article(
    legacy_id="4711",
    title="Le régime s'empare de nouveaux quartiers",
    kicker="Syrie - Alep",
    lead="Les troupes contrôlent la ville.",
    byline="Par Jean Dupont",
    dateline="GENÈVE",
    language="fr",
    published=datetime(2016, 12, 6, 9, 30, tzinfo=UTC),
    url="https://old.example.ch/monde/4711",
    section="Monde",
    blocks=(
        Block(
            Role.PARAGRAPH, "Selon l'OSDH, <5% & plus.", marks=(Mark(8, 12, "a", "https://osdh.example/"),)
        ),
        Block(Role.SUBHEAD, "Pris au piège"),
        Block(Role.QUOTE, "«Nous resterons.»", credit="Un commandant"),
        Block(
            Role.CAPTION,
            "Un habitant évacué.",
            credit="KEYSTONE",
            src="https://img.example/1.jpg",
            alt="Un homme",
        ),
        Block(Role.LIST, "", items=("Un", "Deux")),
        Block(Role.FACTBOX, "Les faits", items=("A & B",)),
    ),
)


def test_valid_against_the_schema(ninjs_schema: dict[str, object]) -> None:
    jsonschema.validate(to_ninjs(ARTICLE), ninjs_schema)
    jsonschema.validate(to_ninjs(Article("x", "Titre seul")), ninjs_schema)


def test_mapping() -> None:
    item = to_ninjs(
        ARTICLE, uri="https://new.example.ch/a/4711", version_created=datetime(2024, 1, 2, tzinfo=UTC)
    )
    assert item["uri"] == "https://new.example.ch/a/4711"
    assert item["headlines"] == [
        {"role": "main", "value": ARTICLE.title},
        {"role": "kicker", "value": "Syrie - Alep"},
    ]
    assert item["descriptions"] == [{"role": "lead", "value": ARTICLE.lead}]
    assert (item["by"], item["located"], item["language"]) == ("Par Jean Dupont", "GENÈVE", "fr")
    assert item["altIds"] == [{"role": "legacy-id", "value": "4711"}]
    assert item["renditions"][0]["name"] == "legacy" and item["renditions"][0]["href"] == ARTICLE.url
    assert item["firstCreated"] == "2016-12-06T09:30:00Z"
    assert item["versionCreated"] == "2024-01-02T00:00:00Z"
    assert item["bodies"][0]["contentType"] == "text/html" and item["bodies"][0]["role"] == "main"


def test_body_uses_only_the_allowed_tags_and_escapes() -> None:
    html = body_html(ARTICLE)
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= ALLOWED_TAGS
    assert "&lt;5% &amp; plus." in html
    assert '<a href="https://osdh.example/">OSDH</a>' in html
    assert '<small class="credit">KEYSTONE</small>' in html
    assert "<h2>Pris au piège</h2>" in html
    assert "<blockquote><p>«Nous resterons.»</p>" in html


@pytest.mark.parametrize(
    ("text", "marks", "html"),
    [
        # nested emphasis inside a link
        ("ab cd", (Mark(0, 5, "a", "/x"), Mark(3, 5, "em")), '<a href="/x">ab <em>cd</em></a>'),
        # overlapping spans are closed and reopened
        ("abcd", (Mark(0, 3, "em"), Mark(2, 4, "strong")), "<em>ab<strong>c</strong></em><strong>d</strong>"),
        # a javascript: link loses its target
        ("x", (Mark(0, 1, "a", "javascript:alert(1)"),), "<a>x</a>"),
        # marks out of range are ignored
        ("x", (Mark(0, 9, "em"),), "x"),
    ],
)
def test_inline_marks(text: str, marks: tuple[Mark, ...], html: str) -> None:
    assert inline_html(text, marks) == html


def test_notice_never_reaches_the_body() -> None:
    from archivist.model import LegacyRecord
    from archivist.process import process_record

    text = (
        "Titre\nUn chapô.\nLe texte.Cet article a été automatiquement importé de notre ancien système de "
        "gestion de contenu vers notre nouveau site web. Veuillez nous signaler toute erreur.\n"
    )
    item = to_ninjs(process_record(LegacyRecord("n", "text", text.encode())).article)
    assert "importé" not in item["bodies"][0]["value"]
