"""fix_encoding_text gives what ftfy.fix_text gives with our settings.

Its one-pass shortcut for single lines without "<" differs from the library it stands in
for in one thing only: a line that shows no mojibake once its entities are unescaped is
not submitted to ftfy's mojibake heuristics. A table of the shapes legacy exports have,
then a property test over generated text that is misread as cp1252 or latin-1, with
entities, controls and tags.
"""

from __future__ import annotations

import ftfy
import pytest
from ftfy.badness import is_bad
from ftfy.fixes import unescape_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.repairs.characters import FTFY_CONFIG, MOJIBAKE, SUSPECT, fix_encoding_text


def reference(text: str) -> str:
    return ftfy.fix_text(text, FTFY_CONFIG) if SUSPECT.search(text) else text


def ftfy_alone_would_restyle(text: str) -> bool:
    """The one difference allowed: a line showing no mojibake once its entities are
    unescaped is not submitted to ftfy's mojibake heuristics (which may still call it
    bad), as a line with neither entities nor mojibake never is."""
    unescaped = unescape_html(text)
    return not MOJIBAKE.search(unescaped) and is_bad(unescaped)


def misread(text: str, codec: str) -> str:
    data = text.encode("utf-8")
    if codec == "cp1252":
        return "".join(bytes([b]).decode("cp1252", errors="replace") if b >= 0x80 else chr(b) for b in data)
    return data.decode("latin-1")


CASES = [
    # (what, legacy text, repaired)
    ("cp1252 mojibake", "Le rÃ©gime sâ€™empare dâ€™Alep", "Le régime s’empare d’Alep"),
    ("latin-1 mojibake with C1", misread("Die Stadt wählt ‚neu‘", "latin-1"), "Die Stadt wählt ‚neu‘"),
    ("entities only", "la ville&nbsp;d&eacute;truite", "la ville\xa0détruite"),
    ("entities and mojibake", "RÃ©sultat &amp; suite", "Résultat & suite"),
    ("an entity of an entity", "Tom &amp;eacute; Jerry Ã©", "Tom é Jerry é"),
    ("a tag: no unescaping", "<b>caf&eacute;</b> Ã©tÃ©", "<b>caf&eacute;</b> été"),
    ("a C1 control left", "prix 5\x80 Ã©", "prix 5€ é"),
    ("double mojibake", misread(misread("Zürich", "cp1252"), "cp1252"), "Zürich"),
    (
        "a clean line",
        "«Je ne suis pas au courant», a dit Kerry.",
        "«Je ne suis pas au courant», a dit Kerry.",
    ),
    ("an ampersand in a name", "AT&T und Ã¼ber", "AT&T und über"),
]


@pytest.mark.parametrize(("what", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_repairs_like_ftfy(what: str, text: str, expected: str) -> None:
    assert fix_encoding_text(text) == reference(text) == expected


PIECES = st.sampled_from(
    [
        "é",
        "è",
        "à",
        "ü",
        "ß",
        "Ö",
        "’",
        "“",
        "”",
        "«",
        "»",
        "€",
        "œ",
        "—",
        "…",
        "\xa0",
        "ñ",
        "&eacute;",
        "&amp;",
        "&#233;",
        "&nbsp;",
        "&bogus;",
        "<",
        ">",
        "&",
        "\x80",
        "\x9d",
        "\x1b[1m",
        "\n",
        " ",
        "a",
        "Z",
        "7",
        ".",
        "'",
        "Ã",
        "Â",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["none", "cp1252", "latin-1"]))
def test_never_differs_from_ftfy(text: str, codec: str) -> None:
    legacy = text if codec == "none" else misread(text, codec)
    assert fix_encoding_text(legacy) == reference(legacy) or ftfy_alone_would_restyle(legacy)
