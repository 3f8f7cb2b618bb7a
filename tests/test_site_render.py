"""Body rendering: blocks and marks to HTML, and nh3 keeping legacy payloads inert."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from archivist.model import Block, Mark, Role
from archivist.site.render import body_html, render_inline, sanitize

# the classic vectors legacy content may carry (all our own writing)
XSS_VECTORS = [
    '<script>alert("x")</script>',  # script tag
    '<img src=x onerror="alert(1)">',  # event handler
    '<a href="javascript:alert(1)">clic</a>',  # javascript: link
    '<a href="JaVaScRiPt:alert(1)">clic</a>',  # mixed case scheme
    '<a href="java&#x09;script:alert(1)">clic</a>',  # entity inside the scheme
    '<svg onload="alert(1)"><circle r="5"/></svg>',  # SVG payload
    "<svg><script>alert(1)</script></svg>",  # script inside SVG
    '<iframe src="https://evil.example/"></iframe>',  # iframe
    '<object data="x.swf"></object>',  # plugin content
    '<p style="background:url(javascript:alert(1))">x</p>',  # CSS URL
    "<div onclick=alert(1)>x",  # broken markup, unquoted handler
    "<<script>script>alert(1)<</script>/script>",  # nested broken tags
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",  # mutation XSS shape
    '<form action="javascript:alert(1)"><button>x</button></form>',  # form action
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',  # meta refresh
    '<base href="https://evil.example/">',  # base hijack
]


def _inert(html: str) -> None:
    lowered = html.lower()
    for needle in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg", "<object",
                   "<style", "<meta", "<base", "<form", "style="):  # fmt: skip
        assert needle not in lowered, (needle, html)


@pytest.mark.parametrize("payload", XSS_VECTORS)
def test_sanitize_leaves_nothing_executable(payload: str) -> None:
    _inert(sanitize(payload))


@pytest.mark.parametrize("payload", XSS_VECTORS)
def test_payload_as_block_text_is_shown_as_text(payload: str) -> None:
    html = body_html([Block(Role.PARAGRAPH, payload)])
    element = lxml_html.fragment_fromstring(html)
    assert element.tag == "p" and len(element) == 0  # one paragraph, no element inside it
    assert element.text_content() == payload  # the reader sees the characters, nothing runs


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("javascript:alert(1)", False),  # script URL dropped
        ("data:text/html;base64,PHNjcmlwdD4=", False),  # data URL dropped
        ("vbscript:msgbox", False),  # old IE scheme dropped
        ("https://www.example.ch/a", True),  # web link kept
        ("/suisse/a-1", True),  # relative link kept
        ("mailto:redaction@example.ch", True),  # mail kept
    ],
)
def test_link_schemes(href: str, kept: bool) -> None:
    html = body_html([Block(Role.PARAGRAPH, "voir ici", (Mark(5, 8, "a", href),))])
    assert (f'href="{href}"' in html) is kept


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        ("javascript:alert(1)", False),  # script URL as image
        ("data:image/svg+xml,<svg onload=alert(1)>", False),  # SVG data URL
        ("https://img.example.ch/a.jpg", True),  # ordinary image
    ],
)
def test_figure_sources(src: str, kept: bool) -> None:
    html = body_html([Block(Role.CAPTION, "Légende", credit="KEYSTONE", src=src)])
    _inert(html)
    assert ("<img" in html) is kept
    assert '<small class="credit">KEYSTONE</small>' in html


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("a b c", (), "a b c"),  # no marks
        ("a < b", (), "a &lt; b"),  # text is escaped
        ("dit-il", (Mark(0, 3, "em"),), "<em>dit</em>-il"),  # emphasis
        (
            "abcdef",
            (Mark(0, 4, "strong"), Mark(2, 6, "em")),
            "<strong>ab</strong><strong><em>cd</em></strong><em>ef</em>",
        ),  # overlap is split
        ("abc", (Mark(1, 9, "em"),), "abc"),  # a mark past the end is ignored
        ("abc", (Mark(0, 3, "blink"),), "abc"),  # an unknown kind is ignored
    ],
)
def test_render_inline(text: str, marks: tuple[Mark, ...], expected: str) -> None:
    assert render_inline(text, marks) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (Block(Role.SUBHEAD, "Pris au piège"), '<h2 id="b0" data-block="0">Pris au piège</h2>'),  # subhead
        (
            Block(Role.QUOTE, "Nous restons.", credit="un rebelle"),
            '<blockquote id="b0" data-block="0"><p>Nous restons.</p>'
            "<footer><cite>un rebelle</cite></footer></blockquote>",
        ),  # quote
        (
            Block(Role.LIST, "", items=("un", "deux")),
            '<ul id="b0" data-block="0"><li>un</li><li>deux</li></ul>',
        ),  # list
        (
            Block(Role.FACTBOX, "Les faits", items=("A",)),
            '<aside class="factbox" id="b0" data-block="0"><h3>Les faits</h3><ul><li>A</li></ul></aside>',
        ),  # fact box
    ],
)
def test_block_roles(block: Block, expected: str) -> None:
    assert body_html([block]) == expected
