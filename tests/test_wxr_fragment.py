"""HTML body fragments -> blocks (wpautop, figures, quotes, lists, fact boxes) and
WordPress shortcodes converted, never left as text."""

from __future__ import annotations

import pytest

from archivist.model import Role
from archivist.recover.fragment import autop, html_to_blocks
from archivist.recover.shortcodes import convert, parse_attrs

ATTACHMENTS = {
    "5": {"url": "https://x.example/up/a.jpg", "caption": "Le quai. Photo: Anne Roux", "alt": "Quai"},
    "6": {"url": "https://x.example/up/b.png", "caption": "", "alt": ""},
}


@pytest.mark.parametrize(
    ("html", "roles", "texts"),
    [
        # wpautop: blank line = paragraph, single newline = line break (a space)
        ("Un.\n\nDeux\ntrois.", ["paragraph", "paragraph"], ["Un.", "Deux trois."]),
        # headings are subheads, wherever their level
        ("<h3>Pris au piège</h3><p>Texte.</p>", ["subhead", "paragraph"], ["Pris au piège", "Texte."]),
        # containers are walked through, loose text becomes a paragraph
        ("<div><p>A</p>B <em>c</em></div>", ["paragraph", "paragraph"], ["A", "B c"]),
        # a quote with its attribution
        ("<blockquote><p>«Oui.»</p><cite>Marie</cite></blockquote>", ["quote"], ["«Oui.»"]),
        # lists keep their items
        ("<ul><li>un</li><li>deux</li></ul>", ["list"], [""]),
        # a bold line right before a list is a fact box heading (how body_html writes them)
        ("<p><strong>Les faits</strong></p><ul><li>a</li></ul>", ["factbox"], ["Les faits"]),
        # a lone image in a paragraph is a figure
        ('<p><img src="/i.jpg" alt="x"></p>', ["caption"], [""]),
        # mixed content (classic editor): blank lines between loose text still split paragraphs
        (
            "Eins.\n\nZwei <em>b</em>.\n\n<p>Drei.</p>\n\nVier.",
            ["paragraph"] * 4,
            ["Eins.", "Zwei b.", "Drei.", "Vier."],
        ),
        # empty paragraphs vanish
        ("<p> </p><p>&nbsp;</p><p>Texte</p>", ["paragraph"], ["Texte"]),
    ],
)
def test_html_to_blocks(html: str, roles: list[str], texts: list[str]) -> None:
    blocks = html_to_blocks(html)
    assert [b.role.value for b in blocks] == roles
    assert [b.text.strip("\u00a0") for b in blocks] == texts


def test_figure_with_credit_markup_and_glued_credit() -> None:
    first, second = html_to_blocks(
        '<figure><img src="/a.jpg" alt="A"><figcaption>Le port. <small class="credit">AFP</small></figcaption></figure>'  # noqa: E501
        '<figure><img src="/b.jpg"><figcaption>Die Altstadt. Bild: Keystone</figcaption></figure>'
    )
    assert (first.text, first.credit, first.src, first.alt) == ("Le port.", "AFP", "/a.jpg", "A")
    assert (second.text, second.credit) == ("Die Altstadt.", "Keystone")


def test_quote_attribution_line_is_the_credit() -> None:
    (quote,) = html_to_blocks("<blockquote><p>Nous restons.</p><p>— Un habitant</p></blockquote>")
    assert (quote.role, quote.text, quote.credit) == (Role.QUOTE, "Nous restons.", "Un habitant")


def test_autop_leaves_block_html_alone() -> None:
    assert autop("<h2>T</h2>\n\nTexte") == "<h2>T</h2>\n<p>Texte</p>"


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        (
            'id="attachment_5" align="alignleft" width=300',
            {"id": "attachment_5", "align": "alignleft", "width": "300"},
        ),
        ("src='https://v.example/a.mp4' loop", {"src": "https://v.example/a.mp4"}),
    ],
)
def test_parse_attrs(attrs: str, expected: dict[str, str]) -> None:
    assert parse_attrs(attrs) == expected


@pytest.mark.parametrize(
    ("content", "roles", "texts", "srcs"),
    [
        # [caption] with the image wrapped in a link, credit glued to the caption
        (
            '[caption id="attachment_5" width="300"]<a href="/x"><img src="/a.jpg" alt="Quai" /></a> Le quai. Photo: Anne Roux[/caption]',  # noqa: E501
            ["caption"],
            ["Le quai."],
            ["/a.jpg"],
        ),
        # the old caption="" attribute form
        ('[caption caption="Le lac"]<img src="/l.jpg">[/caption]', ["caption"], ["Le lac"], ["/l.jpg"]),
        # a gallery: one figure per attachment the export holds
        (
            '[gallery ids="5,6"]',
            ["caption", "caption"],
            ["Le quai.", ""],
            ["https://x.example/up/a.jpg", "https://x.example/up/b.png"],
        ),
        # embeds, videos and audio become a paragraph with a link to the media
        ("[embed]https://v.example/w?v=1[/embed]", ["paragraph"], ["https://v.example/w?v=1"], [""]),
        ('[video mp4="https://v.example/a.mp4"][/video]', ["paragraph"], ["https://v.example/a.mp4"], [""]),
        ("[audio src='https://v.example/a.mp3']", ["paragraph"], ["https://v.example/a.mp3"], [""]),
        # an unknown shortcode is removed, its text kept; bracketed words stay text
        (
            '[pullquote align="right"]Fort.[/pullquote] Il dit [sic] non.',
            ["paragraph"],
            ["Fort. Il dit [sic] non."],
            [""],
        ),
    ],
)
def test_shortcodes_converted(content: str, roles: list[str], texts: list[str], srcs: list[str]) -> None:
    converted = convert(content, ATTACHMENTS)
    blocks = html_to_blocks(converted.html)
    assert [b.role.value for b in blocks] == roles
    assert [b.text for b in blocks] == texts
    assert [b.src for b in blocks] == srcs
    assert not any("[caption" in b.text or "[gallery" in b.text or "[/" in b.text for b in blocks)


def test_missing_gallery_images_and_removed_shortcodes_are_reported() -> None:
    converted = convert('[gallery ids="5,77"] [box title="x"]', ATTACHMENTS)
    assert converted.missing == ["77"]
    assert converted.removed == ["box"]
