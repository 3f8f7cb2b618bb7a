"""Body rendering for the site: link rewriting, and nh3 keeping legacy payloads inert."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from archivist.model import Block, Mark, Role
from archivist.site.render import body_html, render_blocks, sanitize

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
    ("href", "expected"),
    [
        ("/sport/derby-8812.html", "/sport/2019/03/derby-8812"),  # a known old URL: the new path
        ("https://elsewhere.example/x", "https://elsewhere.example/x"),  # other links stay
    ],
)
def test_links_are_rewritten_before_rendering(href: str, expected: str) -> None:
    table = {"/sport/derby-8812.html": "/sport/2019/03/derby-8812"}
    [block] = render_blocks(
        [Block(Role.PARAGRAPH, "le derby", (Mark(3, 8, "a", href),))], lambda h: table.get(h, h)
    )
    assert f'href="{expected}"' in block.html


def test_rendered_blocks_keep_their_index_role_and_text() -> None:
    blocks = [Block(Role.PARAGRAPH, "Un."), Block(Role.SUBHEAD, "Deux"), Block(Role.PARAGRAPH, "Trois.")]
    rendered = render_blocks(blocks)
    assert [(r.index, r.role, r.text) for r in rendered] == [
        (0, "paragraph", "Un."),
        (1, "subhead", "Deux"),
        (2, "paragraph", "Trois."),
    ]
    assert [r.html for r in rendered] == ["<p>Un.</p>", "<h2>Deux</h2>", "<p>Trois.</p>"]
