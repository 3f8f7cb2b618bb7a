"""Inline markup -> text + marks, lost link spaces restored, and credits split from
captions: shared by Swissdox, WXR, NITF, ninjs and the HTML parser."""

from __future__ import annotations

import pytest
from lxml import etree

from archivist.recover.credits import split_credit
from archivist.recover.inline import inline_from_html, inline_text


@pytest.mark.parametrize(
    ("xml", "text", "restored"),
    [
        # words glued on both sides of a link (DESIGN.md: "Tage<a>nach dem Sturz</a>bei")
        (
            "<p>Wenige Tage<a href='/a'>nach dem Sturz</a>bei Bern.</p>",
            "Wenige Tage nach dem Sturz bei Bern.",
            2,
        ),
        # punctuation after the link: no space before it
        ("<p>Voir<a href='/a'>le rapport</a>.</p>", "Voir le rapport.", 1),
        # French elision and opening quote: no space after them
        (
            "<p>selon l’<a href='/a'>OSDH</a> et «<a href='/b'>Le Temps</a>»</p>",
            "selon l’OSDH et «Le Temps»",
            0,
        ),
        # a comma before the link is followed by a space
        ("<p>Genève,<a href='/a'>Lausanne</a> et Sion</p>", "Genève, Lausanne et Sion", 1),
        # hyphenated compound: left alone
        ("<p>Nord-<a href='/a'>Korea</a></p>", "Nord-Korea", 0),
        # spaces already there: nothing to do
        ("<p>le <a href='/a'>site</a> officiel</p>", "le site officiel", 0),
    ],
)
def test_link_spaces_restored(xml: str, text: str, restored: int) -> None:
    result = inline_text(etree.fromstring(xml), restore_link_spaces=True)
    assert (result.text, result.spaces_restored) == (text, restored)
    for mark in result.marks:
        assert result.text[mark.start : mark.end] == result.text[mark.start : mark.end].strip()


def test_without_restoring_the_text_stays_glued() -> None:
    result = inline_text(etree.fromstring("<p>Tage<a href='/a'>nach</a>bei</p>"))
    assert result.text == "Tagenachbei"


@pytest.mark.parametrize(
    ("html", "spans"),
    [
        # links, emphasis and strong become marks over the text
        ('a <a href="/x">b</a> c', [("a", "b", "/x")]),
        (
            "le <em>régime</em> et <strong>ses alliés</strong>",
            [("em", "régime", ""), ("strong", "ses alliés", "")],
        ),
        ("<i>kursiv</i> und <b>fett</b>", [("em", "kursiv", ""), ("strong", "fett", "")]),
        # nested marks keep both spans
        (
            '<strong>très <a href="/y">important</a></strong>',
            [("strong", "très important", ""), ("a", "important", "/y")],
        ),
        # a link without href is text only; whitespace collapses
        ("un  <a>lien</a>\n vide", []),
        # scripts and styles are not text
        ("avant<script>alert(1)</script> après", []),
    ],
)
def test_marks(html: str, spans: list[tuple[str, str, str]]) -> None:
    result = inline_from_html(html)
    got = [(m.kind, result.text[m.start : m.end], m.href) for m in result.marks]
    assert got == spans
    assert "  " not in result.text and result.text == result.text.strip()


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        # capitals glued after the sentence
        ("Les supporters lors du derby.KEYSTONE", ("Les supporters lors du derby.", "KEYSTONE")),
        (
            "Genève sous la neige. KEYSTONE/Salvatore Di Nolfi",
            ("Genève sous la neige.", "KEYSTONE/Salvatore Di Nolfi"),
        ),
        # labelled credits, per language
        ("Die Altstadt. Bild: Keystone", ("Die Altstadt.", "Keystone")),
        ("Le lac au matin. Photo: Laurent Gillieron", ("Le lac au matin.", "Laurent Gillieron")),
        ("Der Bahnhof (Foto: SBB)", ("Der Bahnhof", "SBB")),
        ("The harbour at dawn. © Reuters", ("The harbour at dawn.", "Reuters")),
        # no credit: unchanged (negative cases)
        ("Une rue de Genève en 1950.", ("Une rue de Genève en 1950.", "")),
        ("Le directeur de l'OSDH, Rami Abdel Rahmane.", ("Le directeur de l'OSDH, Rami Abdel Rahmane.", "")),
        ("Die Fans der SCB feiern.", ("Die Fans der SCB feiern.", "")),
    ],
)
def test_split_credit(caption: str, expected: tuple[str, str]) -> None:
    assert split_credit(caption) == expected
