"""Editors' operations and the patterns they generalise to, as tables of cases (pure)."""

from __future__ import annotations

import pytest

from archivist.editor.diff import unified_diff
from archivist.editor.ops import OPS, Op, apply_op, apply_ops
from archivist.editor.patterns import RULES, Pattern, derive_pattern, fix, matches
from archivist.errors import EditError
from archivist.model import Article, Block, Mark, Role

LINK = "nach dem Sturz"
GLUED = f"Wenige Tage{LINK}bei Glatteis musste die Strasse gesperrt werden."
ARTICLE = Article(
    legacy_id="de-1",
    title="VerkehrGlatteis legt die A1 lahm",
    language="de",
    lead="",
    blocks=(
        Block(Role.PARAGRAPH, "Der Morgenverkehr kam zum Erliegen.Erst am Mittag rollten die Autos wieder."),
        Block(Role.PARAGRAPH, "Pris au piège"),
        Block(
            Role.PARAGRAPH, GLUED, marks=(Mark(GLUED.index(LINK), GLUED.index(LINK) + len(LINK), "a", "/a"),)
        ),
        Block(Role.PARAGRAPH, "Abonnieren Sie unseren Newsletter"),
        Block(Role.PARAGRAPH, "Die Polizei zählte 14 Unfälle."),
    ),
)


@pytest.mark.parametrize(
    ("op", "check"),
    [
        # a paragraph becomes a subhead
        (Op("set_role", {"block": 1, "role": "subhead"}), lambda a: a.blocks[1].role == Role.SUBHEAD),
        # parameters arrive as strings from a form
        (Op("set_role", {"block": "1", "role": "quote"}), lambda a: a.blocks[1].role == Role.QUOTE),
        # two glued paragraphs split at the sentence end
        (
            Op("split_block", {"block": 0, "at": 35}),
            lambda a: (
                [b.text for b in a.blocks[:2]]
                == ["Der Morgenverkehr kam zum Erliegen.", "Erst am Mittag rollten die Autos wieder."]
            ),
        ),
        # merge two blocks back into one
        (
            Op("merge_blocks", {"block": 3}),
            lambda a: a.blocks[3].text.endswith("Newsletter Die Polizei zählte 14 Unfälle."),
        ),
        # glued words at a former link: the link stays on its words
        (
            Op("split_word", {"where": "block:2", "at": GLUED.index(LINK)}),
            lambda a: (
                a.blocks[2].text.startswith("Wenige Tage nach dem Sturzbei")
                and a.blocks[2].text[a.blocks[2].marks[0].start : a.blocks[2].marks[0].end] == LINK
            ),
        ),
        # join a word cut in two
        (
            Op("join_words", {"where": "title", "at": 3}),
            lambda a: a.title == "VerkehrGlatteis legt die A1 lahm",
        ),
        # the kicker glued to the title
        (
            Op("move_kicker_boundary", {"kicker": "Verkehr"}),
            lambda a: (a.kicker, a.title) == ("Verkehr", "Glatteis legt die A1 lahm"),
        ),
        # a boilerplate line goes
        (
            Op("remove_block", {"block": 3}),
            lambda a: len(a.blocks) == 4 and "Newsletter" not in a.blocks[3].text,
        ),
        # fix the lead: a block becomes the lead
        (
            Op("set_lead", {"block": 0}),
            lambda a: a.lead.startswith("Der Morgenverkehr") and len(a.blocks) == 4,
        ),
        # edit a text
        (
            Op("edit_text", {"where": "block:4", "text": "Die Polizei zählte 15 Unfälle."}),
            lambda a: "15" in a.blocks[4].text,
        ),
    ],
)
def test_operation(op: Op, check: object) -> None:
    article = ARTICLE
    if op.name == "join_words":
        article = Article("de-1", "Ver kehrGlatteis legt die A1 lahm")
    edit = apply_op(article, op)
    assert check(edit.article)  # type: ignore[operator]
    assert edit.steps and all(s.rule == f"editor:{op.name}" for s in edit.steps)
    assert edit.article != article


@pytest.mark.parametrize(
    ("op", "message"),
    [
        # no such block
        (Op("set_role", {"block": 9, "role": "subhead"}), "no block 9"),
        # no such role
        (Op("set_role", {"block": 1, "role": "banner"}), "not known"),
        # the offset does not cut the block in two
        (Op("split_block", {"block": 1, "at": 0}), "in two"),
        # a word split on a space
        (Op("split_word", {"where": "block:0", "at": 3}), "not inside a word"),
        # the kicker must begin the heading
        (Op("move_kicker_boundary", {"kicker": "Sport"}), "does not begin"),
        # an unknown operation, a missing parameter, a parameter of the wrong type
        (Op("rewrite_html", {}), "not known"),
        (Op("merge_blocks", {}), "missing"),
        (Op("merge_blocks", {"block": "two"}), "not a valid int"),
        # no text location of that name
        (Op("edit_text", {"where": "footer", "text": "x"}), "not known"),
    ],
)
def test_operation_refused(op: Op, message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply_op(ARTICLE, op)


def test_every_operation_is_tested() -> None:
    assert set(OPS) == {
        "set_role",
        "split_block",
        "merge_blocks",
        "remove_block",
        "split_word",
        "join_words",
        "move_kicker_boundary",
        "edit_text",
        "set_lead",
    }


def test_operations_chain_and_diff() -> None:
    ops = [Op("move_kicker_boundary", {"kicker": "Verkehr"}), Op("set_role", {"block": 1, "role": "subhead"})]
    edit = apply_ops(ARTICLE, ops)
    assert [s.rule for s in edit.steps] == ["editor:move_kicker_boundary", "editor:set_role"]
    diff = unified_diff(ARTICLE, edit.article).splitlines()
    assert "-[paragraph] Pris au piège" in diff and "+[subhead] Pris au piège" in diff
    assert "+kicker: Verkehr" in diff


def _other(title: str, *texts: str, role: Role = Role.PARAGRAPH) -> Article:
    return Article("x", title, blocks=tuple(Block(role, t) for t in texts))


@pytest.mark.parametrize(
    ("op", "pattern", "hits", "misses"),
    [
        # kicker glued at a capital
        (
            Op("move_kicker_boundary", {"kicker": "Verkehr"}),
            Pattern("kicker_glue", "Verkehr"),
            [_other("VerkehrStau am Gotthard")],
            [
                _other("Verkehrsminister tritt zurück"),
                _other("Stau am Gotthard"),
                _other("VerkehrsHaus", "Das VerkehrsHaus lädt ein."),
            ],
        ),
        # a recurring boilerplate line (digits may differ)
        (
            Op("remove_block", {"block": 3}),
            Pattern("boilerplate", "Abonnieren\\ Sie\\ unseren\\ Newsletter"),
            [_other("T", "Text.", "Abonnieren  Sie unseren Newsletter")],
            [_other("T", "Abonnieren Sie unseren Newsletter jetzt")],
        ),
        # a role change for a line shape
        (
            Op("set_role", {"block": 4, "role": "caption"}),
            Pattern(
                "role_shape",
                "Die\\ Polizei\\ zählte\\ \\d+\\ Unfälle\\.",
                from_role="paragraph",
                to_role="caption",
            ),
            [_other("T", "Die Polizei zählte 3 Unfälle.")],
            [
                _other("T", "Die Polizei zählte drei Unfälle."),
                _other("T", "Die Polizei zählte 3 Unfälle.", role=Role.QUOTE),
            ],
        ),
        # a glued word at a former link
        (
            Op("split_word", {"where": "block:2", "at": GLUED.index(LINK) + len(LINK)}),
            Pattern("glued_word", "Sturzbei", replacement="Sturz bei"),
            [_other("T", "Nach dem Sturzbei Nacht."), _other("Sturzbei Nacht")],
            [_other("T", "Nach dem Sturz bei Nacht."), _other("T", "Die Sturzbeifahrer.")],
        ),
    ],
)
def test_pattern_derived_from_an_edit(
    op: Op, pattern: Pattern, hits: list[Article], misses: list[Article]
) -> None:
    after = apply_op(ARTICLE, op).article
    assert derive_pattern(ARTICLE, op, after) == pattern
    assert Pattern.from_dict(pattern.to_dict()) == pattern
    for article in hits:
        assert matches(article, pattern)
        fixed = fix(article, pattern)
        assert fixed.steps and all(s.rule == f"propagation:{pattern.rule}" for s in fixed.steps)
        assert not matches(fixed.article, pattern)  # fixed once, nothing left to fix
    for article in misses:
        assert not matches(article, pattern)


@pytest.mark.parametrize(
    "op",
    [
        # one-off edits do not generalise
        Op("edit_text", {"where": "block:4", "text": "Die Polizei zählte 15 Unfälle."}),
        Op("split_block", {"block": 0, "at": 35}),
        Op("merge_blocks", {"block": 3}),
    ],
)
def test_one_off_edits_give_no_pattern(op: Op) -> None:
    assert derive_pattern(ARTICLE, op, apply_op(ARTICLE, op).article) is None


def test_every_rule_learns_from_a_registered_operation() -> None:
    assert {rule.op for rule in RULES.values()} <= set(OPS)
