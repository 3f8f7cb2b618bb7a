"""process_record and apply_repairs on articles of any format: steps, marks, confidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archivist.config import MigrationConfig
from archivist.errors import StructureNotFound
from archivist.model import Article, Block, LegacyRecord, Mark, Role
from archivist.process import PENALTIES, apply_repairs, assess, confidence, process_record
from archivist.repairs import repair_source
from archivist.textspan import remap_marks, slice_marks


def test_html_like_article_gets_the_same_repairs() -> None:
    """A parser of another format hands over fields with damage: the repairs fix them."""
    article = Article(
        "h1",
        "Syrie - AlepLe rÃ©gime avance",
        lead="Les troupes contrÃ´lent la ville.7",
        blocks=(
            Block(
                Role.PARAGRAPH, "Le régime a pris mardi de nouveaux quartiers.Il a toutefois assuré la suite."
            ),
            Block(Role.CAPTION, "Les habitants fuient la ville.KEYSTONE"),
            Block(Role.PARAGRAPH, "Suivez-nous sur WhatsApp pour les dernières infos."),
            Block(Role.PARAGRAPH, "Fin.Cet article a été automatiquement importé de notre ancien système."),
        ),
    )
    repaired, steps = apply_repairs(article)
    assert (repaired.kicker, repaired.title) == ("Syrie - Alep", "Le régime avance")
    assert repaired.lead == "Les troupes contrôlent la ville."
    assert [b.text for b in repaired.blocks] == [
        "Le régime a pris mardi de nouveaux quartiers.",
        "Il a toutefois assuré la suite.",
        "Les habitants fuient la ville.",
        "Fin.",
    ]
    assert repaired.blocks[2].credit == "KEYSTONE"
    assert repaired.imported
    assert {s.rule for s in steps} == {
        "fix_encoding",
        "split_kicker_title",
        "split_glued_paragraphs",
        "split_caption_credit",
        "remove_boilerplate",
        "remove_import_notice",
    }
    assert all(s.where and s.reason for s in steps)
    # repairing again finds nothing left to do
    assert apply_repairs(repaired) == (repaired, [])


def test_links_survive_repairs() -> None:
    text = "Voir la\u00adrapport du Conseil fédéral.Le texte suit."
    link = Mark(text.index("rapport"), text.index("rapport") + len("rapport du Conseil fédéral"), "a", "/r")
    article = Article("m", "Titre", blocks=(Block(Role.PARAGRAPH, text, marks=(link,)),))
    repaired, _ = apply_repairs(article)
    first = repaired.blocks[0]
    (mark,) = first.marks
    assert first.text[mark.start : mark.end] == "rapport du Conseil fédéral"
    assert repaired.blocks[1].marks == ()


@pytest.mark.parametrize(
    ("old", "new", "span", "expected"),
    [
        (
            "Tagenach dem Sturzbei",
            "Tage nach dem Sturz bei",
            (4, 18),
            "nach dem Sturz",
        ),  # spaces inserted at edges
        ("Le rÃ©gime avance", "Le régime avance", (3, 10), "régime"),  # the span shrinks with its text
        ("abc def", "abc XX def", (4, 7), "def"),  # text inserted before the span moves it
    ],
)
def test_remap_marks(old: str, new: str, span: tuple[int, int], expected: str) -> None:
    (mark,) = remap_marks(old, new, (Mark(span[0], span[1], "a"),))
    assert new[mark.start : mark.end] == expected


def test_slice_marks_drops_marks_outside_the_piece() -> None:
    assert slice_marks((Mark(0, 2, "em"), Mark(10, 12, "em")), 5, 9) == ()


def test_process_record_scores_and_overrides_language() -> None:
    text = "Titre\nUn chapô court.\nUn paragraphe de texte pour le corps de l'article.\n"
    record = LegacyRecord("p", "text", text.encode())
    auto = process_record(record)
    assert auto.article.language == "fr"
    forced = process_record(record, MigrationConfig(language="de"))
    assert forced.article.language == "de"
    assert 0.0 <= auto.confidence <= 1.0


@pytest.mark.parametrize(
    ("article", "codes"),
    [
        # nothing to say about a complete article
        (
            Article(
                "a",
                "Titre",
                kicker="K",
                lead="Lead.",
                language="fr",
                blocks=(Block(Role.PARAGRAPH, "x" * 400),),
            ),
            set(),
        ),
        # no body, no lead, undetermined language
        (Article("b", "Titre"), {"no-body", "language-undetermined"}),
        # a title that still looks glued, a subhead that is really a paragraph
        (
            Article(
                "c",
                "Syrie - AlepLe régime",
                language="fr",
                blocks=(Block(Role.SUBHEAD, "y" * 120), Block(Role.PARAGRAPH, "x" * 400)),
            ),
            {"title-looks-glued", "long-subhead"},
        ),
    ],
)
def test_assess(article: Article, codes: set[str]) -> None:
    assert {f.code for f in assess(article, [])} == codes


def test_confidence_is_one_minus_penalties() -> None:
    article = Article("b", "", blocks=())
    findings = assess(article, [])
    assert confidence(findings) == round(max(0.0, 1 - sum(PENALTIES[f.code] for f in findings)), 3)
    assert confidence([]) == 1.0


def test_no_title_and_no_body_is_structure_not_found() -> None:
    record = LegacyRecord("e", "text", b"   \n" + b"x")
    processed = process_record(record)  # one word is a title
    assert processed.article.title == "x"
    bad = replace(record, format="nope")
    with pytest.raises(StructureNotFound):
        process_record(bad)


def test_source_repairs_record_their_lines() -> None:
    text, steps = repair_source("Titre\nLe rÃ©gime\nRegie\u00adrung\n")
    assert text == "Titre\nLe régime\nRegierung\n"
    assert [(s.rule, s.where) for s in steps] == [
        ("fix_encoding", "source:line 2"),
        ("remove_soft_hyphens", "source:line 3"),
    ]
