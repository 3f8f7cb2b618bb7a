"""The character repairs that run over a whole source at once give what they give line
by line: the same text and the same steps, line numbers included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivist.repairs.characters import normalise_nbsp, remove_invisible
from archivist.repairs.fields import TextFix, fix_lines

FIXES = [("normalise_nbsp", normalise_nbsp), ("remove_invisible", remove_invisible)]

CASES = [
    # (what, source)
    ("no-break space at a line end, before a colon on the next line", "Il a dit\u00a0\n: non"),
    ("no-break space at a line start, after a guillemet on the line before", "«\n\u00a0oui\u00a0»"),
    ("soft hyphens on two lines", "Regie\u00adrung\nBun\u00addes\u00adrat"),
    ("digit groups and French typography", "10\u00a0000 francs\u202f!\nen\u00a0ville"),
    ("nothing to do", "Le maire a parlé.\nIl part."),
]


def line_by_line(text: str, fix: TextFix) -> tuple[str, list[object]]:
    fixed, steps = fix_lines(text, fix, "rule", "why")
    return fixed, list(steps)


def at_once(text: str, fix: TextFix) -> tuple[str, list[object]]:
    fixed, steps = fix_lines(text, fix, "rule", "why", whole=True)
    return fixed, list(steps)


@pytest.mark.parametrize(("name", "fix"), FIXES, ids=[f[0] for f in FIXES])
@pytest.mark.parametrize(("what", "text"), CASES, ids=[c[0] for c in CASES])
def test_whole_source_equals_line_by_line(name: str, fix: TextFix, what: str, text: str) -> None:
    assert at_once(text, fix) == line_by_line(text, fix)


SOURCE = st.lists(
    st.sampled_from(
        [
            "\u00a0",
            "\u202f",
            "\u2007",
            "\u00ad",
            "\u200b",
            "\ufeff",
            "\n",
            " ",
            "«",
            "»",
            ";",
            ":",
            "!",
            "?",
            "a",
            "7",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(SOURCE)
def test_any_source(text: str) -> None:
    for _, fix in FIXES:
        assert at_once(text, fix) == line_by_line(text, fix)
