"""The damage model: each kind alone does what corpus/README.md says, seeded and pure."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import ftfy
import pytest

from archivist.eval.damage import DAMAGES, NBSP, SOFT_HYPHEN, WRAP, damage, drawn_kinds, render_clean
from archivist.eval.legacy_shapes import NOTICES, PROMOS
from archivist.model import Article, Block, Mark, Role

TEXT_LINK = "Wenige Tage nach dem Sturz bei Gondo hat die Gemeinde die Strasse wieder geöffnet."
LINK = "nach dem Sturz"

ARTICLE = Article(
    "de-900",
    "Die Strasse nach Gondo ist wieder offen",
    language="de",
    kicker="Wallis",
    lead="Nach dem Felssturz vom März rollt der Verkehr wieder. Die Sanierung kostete 4,2 Millionen Franken.",
    byline="(SDA/jar)",
    blocks=(
        Block(
            Role.PARAGRAPH,
            TEXT_LINK,
            marks=(Mark(TEXT_LINK.index(LINK), TEXT_LINK.index(LINK) + len(LINK), "a"),),
        ),
        Block(Role.CAPTION, "Die Baustelle am Simplonpass im Frühling.", credit="KEYSTONE"),
        Block(Role.SUBHEAD, "Schutznetze oberhalb der Galerie"),
        Block(
            Role.PARAGRAPH,
            "Oberhalb der Galerie wurden 1200 Meter Schutznetze gespannt. Die Bauarbeiter "
            "arbeiteten zeitweise in Zweischichtbetrieben, um die Lötschberg-Simplon-Achse zu entlasten.",
        ),
        Block(Role.QUOTE, "«Wir sind erleichtert.»", credit="Gemeindepräsidentin Ruth Imboden"),
        Block(Role.FACTBOX, "Das Wichtigste", items=("Strasse offen seit Montag", "Kosten: 4,2 Millionen")),
    ),
)
CLEAN = render_clean(ARTICLE)


def test_clean_rendering_is_one_field_or_block_per_line() -> None:
    assert CLEAN.splitlines() == [
        "Wallis",
        "Die Strasse nach Gondo ist wieder offen",
        ARTICLE.lead,
        TEXT_LINK,
        "Die Baustelle am Simplonpass im Frühling. KEYSTONE",
        "Schutznetze oberhalb der Galerie",
        ARTICLE.blocks[3].text,
        "«Wir sind erleichtert.» – Gemeindepräsidentin Ruth Imboden",
        "Das Wichtigste",
        "• Strasse offen seit Montag",
        "• Kosten: 4,2 Millionen",
    ]


def _lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        # kicker glued to the title on the first line
        ("kicker_glue", lambda t: _lines(t)[0] == "WallisDie Strasse nach Gondo ist wieder offen"),
        # the German import notice is the last line
        ("notice", lambda t: _lines(t)[-1] == NOTICES["de"]),
        # the subhead runs into its paragraph, one space apart
        ("subheads_bare", lambda t: "Schutznetze oberhalb der Galerie Oberhalb der Galerie" in t),
        # the body is one line: blocks glued with no space, the head lines stay
        ("one_line_body", lambda t: len(_lines(t)) == 4 and "geöffnet.Die Baustelle" in _lines(t)[3]),
        # the spaces around the link phrase are gone
        ("link_glue", lambda t: "Tagenach dem Sturzbei Gondo" in t),
        # the credit glued to the caption with no space
        ("caption_credit_glue", lambda t: "im Frühling.KEYSTONE\n" in t),
        # an agency signature ends the body; a promo line and a comment count come in
        (
            "byline_promo",
            lambda t: (
                "(SDA/jar)" in _lines(t)
                and any(p in _lines(t) for p in PROMOS["de"])
                and re.search(r"Franken\.\d+$", _lines(t)[2]) is not None
            ),
        ),
        # the lead is repeated as the first body line
        ("lead_duplicate", lambda t: _lines(t)[2] == _lines(t)[3] == ARTICLE.lead),
        # invisible characters only: removing them gives the clean text back
        ("soft_hyphens_nbsp", lambda t: t.replace(SOFT_HYPHEN, "").replace(NBSP, " ") == CLEAN),
        # no line passes 72 columns
        ("hard_wrap", lambda t: max(len(line) for line in _lines(t)) <= WRAP and "\n\n" in t),
        # leaked entities: unescaping gives the clean text back
        ("entities", lambda t: "&" in t and html.unescape(t).replace(NBSP, " ") == CLEAN),
        # mojibake: ftfy restores it
        ("mojibake", lambda t: "Ã" in t and ftfy.fix_text(t, uncurl_quotes=False) == CLEAN),
    ],
)
def test_each_kind_alone(kind: str, check: object) -> None:
    text = damage(ARTICLE, [kind], seed=3)
    assert text != CLEAN
    assert check(text)  # type: ignore[operator]


def test_every_kind_has_a_case() -> None:
    cases = {"kicker_glue", "notice", "subheads_bare", "one_line_body", "link_glue", "caption_credit_glue"}
    cases |= {"byline_promo", "lead_duplicate", "soft_hyphens_nbsp", "hard_wrap", "entities", "mojibake"}
    assert cases == set(DAMAGES)


@pytest.mark.parametrize("kinds", [["all"], ["hard_wrap", "entities"], ["byline_promo"]])
def test_damage_is_pure_and_seeded(kinds: list[str]) -> None:
    assert damage(ARTICLE, kinds, seed=7) == damage(ARTICLE, kinds, seed=7)


def test_all_draws_kinds_at_their_rates() -> None:
    # over many seeds each kind is drawn about as often as its rate says
    draws = [drawn_kinds(ARTICLE, ["all"], seed) for seed in range(400)]
    for name, kind in DAMAGES.items():
        share = sum(name in d for d in draws) / len(draws)
        assert abs(share - kind.rate) < 0.1, name


def test_hard_wrap_hyphenates_only_inside_words() -> None:
    text = damage(ARTICLE, ["hard_wrap"], seed=1)
    joined = re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", text)  # undo end-of-line hyphenation
    assert "Zweischichtbetrieben" in joined.replace("\n", " ")


def test_unknown_kind_names_the_choices() -> None:
    from archivist.errors import ConfigError

    with pytest.raises(ConfigError, match="kicker_glue"):
        damage(ARTICLE, ["kicker-glue"], seed=0)


@pytest.mark.parametrize(
    ("kind", "glued_tail"),
    [
        ("notice", NOTICES["de"]),  # the notice glued to the last line: "…entlasten.Dieser Artikel…"
        ("byline_promo", "(SDA/jar)"),  # the agency signature glued: "…entlasten.(SDA/jar)"
    ],
)
def test_some_seeds_glue_the_tail_to_the_last_line(kind: str, glued_tail: str) -> None:
    ending_in_paragraph = replace(ARTICLE, blocks=ARTICLE.blocks[:4])
    texts = [damage(ending_in_paragraph, [kind], seed) for seed in range(40)]
    shapes = {glued_tail in _lines(t) for t in texts}
    assert shapes == {True, False}  # both on its own line and glued occur
    assert all(glued_tail in t for t in texts)
