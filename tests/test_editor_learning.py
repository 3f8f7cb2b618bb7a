"""Learning from editors, end to end: corrections become labelled examples, ``archivist
retrain`` fits the learned model, and ``archivist eval --model`` measures the change.

The archive (tests/learning_fixtures.py, our own writing) is a local paper whose
weekend series "ZüriTipp" damages the same way in every export: the rules cut the
glued kicker at its inner capital ("Züri" | "TippDie…") and split the house name in
the series' closing line. Editors fix four Tipps by hand; after retraining, the twelve
Tipps they never opened come out right, while the paper's other news, the undamaged
renderings and the gold corpus's train split come through exactly as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.editor.forms import resolve_op
from archivist.editor.learned import LearnedModel, LearnedPattern, apply_model, fit_patterns
from archivist.editor.ops import Op, apply_ops
from archivist.editor.patterns import Pattern, fix, line_shape, matches
from archivist.editor.publish import publish_ops, restore_revision
from archivist.eval.damage import damage, render_clean
from archivist.eval.gold import load_gold
from archivist.eval.metrics import comparable
from archivist.eval.runner import SYSTEMS, model_system, run_eval
from archivist.model import Article, Block, LegacyRecord, Role
from archivist.process import process_record
from archivist.store import open_store
from archivist.store.articles import StoredArticle, get_article_by_legacy_id
from archivist.store.examples import active_examples
from tests.conftest import REPO
from tests.learning_fixtures import gold_json, news_articles, tipp_articles

TIPPS = tipp_articles()
NEWS = news_articles()
EDITED = TIPPS[:4]  # the Tipps editors fix by hand
UNSEEN = TIPPS[4:]  # the same series, never opened by an editor
KINDS = ("kicker_glue", "link_glue")


def _kinds(n: int) -> tuple[str, ...]:
    """The export's damage: every Tipp lost its kicker separator, every other one its link spaces."""
    return KINDS if n % 2 == 0 else KINDS[:1]


def _export(folder: Path) -> None:
    for n, article in enumerate([*TIPPS, *NEWS]):
        (folder / f"{article.legacy_id}.txt").write_text(damage(article, _kinds(n)), encoding="utf-8")


def _fix_like_an_editor(conn: Any, stored: StoredArticle) -> None:
    """What an editor does in /edit: the forms' fields, resolved on the draft as it grows."""
    last = f"block:{len(stored.article.blocks) - 1}"
    forms = [
        {"op": "move_kicker_boundary", "kicker": "ZüriTipp"},
        {"op": "join_words", "where": last, "cut": "Züri Tipp"},
    ]
    if "Tippder" in stored.article.blocks[-1].text:
        forms.append({"op": "split_word", "where": last, "glued": "ZüriTipp|der"})
    ops: list[Op] = []
    for fields in forms:
        ops.append(resolve_op(apply_ops(stored.article, ops).article, fields))
    publish_ops(conn, stored, ops, "lea", "ZüriTipp is the series, one word")


def _scores(report: dict[str, Any], scenario: str, system: str) -> dict[str, Any]:
    scores: dict[str, Any] = report["scenarios"][scenario][system]
    return scores


def test_editors_fix_four_tipps_retrain_and_eval_shows_the_gain(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    _export(export)
    assert runner.invoke(main, ["migrate", str(export), "--db", db_url]).exit_code == 0

    engine = open_store(db_url)
    with engine.begin() as conn:
        for gold in EDITED:
            stored = get_article_by_legacy_id(conn, gold.legacy_id)
            assert stored is not None and stored.article.kicker == "Züri"  # the recurring damage
            _fix_like_an_editor(conn, stored)
            fixed = get_article_by_legacy_id(conn, gold.legacy_id)
            assert fixed is not None and comparable(fixed.article) == comparable(gold)
        taught = list(active_examples(conn))
    engine.dispose()
    # every correction is a labelled example: 4 boundaries, 4 joins, 2 splits
    assert sorted(ex.rule for ex in taught) == ["glued_word"] * 2 + ["kicker_move"] * 4 + ["word_join"] * 4

    model = tmp_path / "learned.json"
    result = runner.invoke(main, ["retrain", "--db", db_url, "--out", str(model)])
    assert result.exit_code == 0, result.output
    assert "Learned from 10 labelled examples in 4 articles: 4 patterns kept" in result.output
    learned = LearnedModel.from_json(model.read_text(encoding="utf-8"))
    assert [(lp.pattern.rule, lp.pattern.key, lp.votes) for lp in learned.patterns] == [
        ("word_join", "Züri Tipp", 2),
        ("word_join", "Züri Tippder", 2),
        ("glued_word", "ZüriTippder", 2),
        ("kicker_move", "Züri", 4),
    ]

    # eval on the Tipps no editor opened, and the paper's other news: before and after
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for article in [*UNSEEN, *NEWS]:
        (gold_dir / f"{article.legacy_id}.json").write_text(json.dumps(gold_json(article)), encoding="utf-8")
    args = ["eval", str(gold_dir), "--damage", KINDS[0], "--damage", KINDS[1], "--model", str(model)]
    report = json.loads(runner.invoke(main, [*args, "--json"]).output)
    before = {s: _scores(report, s, "archivist") for s in ("clean", *KINDS)}
    after = {s: _scores(report, s, "retrained") for s in ("clean", *KINDS)}
    # the measured gain on the damage editors taught
    assert before["kicker_glue"]["kicker_exact"] < after["kicker_glue"]["kicker_exact"] == 1.0
    assert before["kicker_glue"]["article_exact"] < after["kicker_glue"]["article_exact"]
    assert before["link_glue"]["article_exact"] < after["link_glue"]["article_exact"]
    assert before["link_glue"]["invented_words"] > after["link_glue"]["invented_words"]
    # clean articles come through unchanged: no false repair, before or after
    assert before["clean"]["changed_rate"] == after["clean"]["changed_rate"] == 0.0
    table = runner.invoke(main, args).output
    assert "+mdl = with" in table and "false-repair rate on clean articles: ours 0.000, +mdl 0.000" in table

    # the paper's other news: exactly the same output with and without the model
    config = MigrationConfig(learned_model=str(model))
    for article in NEWS:
        for text in (render_clean(article), *(damage(article, (kind,)) for kind in KINDS)):
            record = LegacyRecord(article.legacy_id, "text", text.encode("utf-8"))
            assert process_record(record, config) == process_record(record)


def test_a_model_from_one_archive_leaves_the_gold_train_split_as_it_was(tmp_path: Path) -> None:
    """What the Tipp editors taught changes nothing in another archive (gold train split)."""
    model = tmp_path / "learned.json"
    patterns, _ = fit_patterns(
        [
            (Pattern("kicker_move", "Züri", replacement="ZüriTipp"), 1, "Züri | TippDie"),
            (Pattern("word_join", "Züri Tipp", replacement="ZüriTipp"), 1, "Züri Tipp"),
            (Pattern("glued_word", "ZüriTippder", replacement="ZüriTipp der"), 1, "ZüriTippder"),
        ]
    )
    model.write_text(LearnedModel(patterns).to_json(), encoding="utf-8")
    gold = load_gold([REPO / "corpus" / "gold"], "train")
    systems = {"archivist": SYSTEMS["archivist"], "retrained": model_system(str(model))}
    for scenario in run_eval(gold, ["kicker_glue"], seed=0, systems=systems):
        assert scenario.tallies["archivist"] == scenario.tallies["retrained"]  # every count equal
        if scenario.name == "clean":
            assert scenario.tallies["retrained"].scores()["changed_rate"] == 0.0


@pytest.mark.parametrize(
    ("taught", "kept", "dropped"),
    [
        # votes count articles, not examples: one article teaching twice is one vote
        (
            [
                (Pattern("glued_word", "Sturzbei", "Sturz bei"), 1),
                (Pattern("glued_word", "Sturzbei", "Sturz bei"), 1),
            ],
            [("glued_word", "Sturzbei", 1)],
            [],
        ),
        # editors disagree: the split with two votes beats the join with one
        (
            [
                (Pattern("glued_word", "PostFinance", "Post Finance"), 1),
                (Pattern("glued_word", "PostFinance", "Post Finance"), 2),
                (Pattern("word_join", "Post Finance", "PostFinance"), 3),
            ],
            [("glued_word", "PostFinance", 2)],
            [("word_join", "Post Finance", 1)],
        ),
        # a tie teaches nothing: both are left out
        (
            [
                (Pattern("kicker_move", "Ski", "Ski alpin"), 1),
                (Pattern("kicker_move", "Ski alpin", "Ski"), 2),
            ],
            [],
            [("kicker_move", "Ski", 1), ("kicker_move", "Ski alpin", 1)],
        ),
        # one line shape, two roles: the majority role wins
        (
            [
                (Pattern("role_shape", "Wer\\ bezahlt:", from_role="paragraph", to_role="subhead"), 1),
                (Pattern("role_shape", "Wer\\ bezahlt:", from_role="paragraph", to_role="subhead"), 2),
                (Pattern("role_shape", "Wer\\ bezahlt:", from_role="paragraph", to_role="quote"), 3),
            ],
            [("role_shape", "Wer\\ bezahlt:", 2)],
            [("role_shape", "Wer\\ bezahlt:", 1)],
        ),
        # different words do not oppose each other; words apply before headings and lines
        (
            [
                (Pattern("boilerplate", "Jetzt\\ abonnieren"), 1),
                (Pattern("glued_word", "Tagenach", "Tage nach"), 1),
            ],
            [("glued_word", "Tagenach", 1), ("boilerplate", "Jetzt\\ abonnieren", 1)],
            [],
        ),
    ],
)
def test_patterns_are_voted_and_contradictions_left_out(
    taught: list[tuple[Pattern, int]], kept: list[tuple[str, str, int]], dropped: list[tuple[str, str, int]]
) -> None:
    found, left_out = fit_patterns((pattern, article, pattern.key) for pattern, article in taught)
    assert [(lp.pattern.rule, lp.pattern.key, lp.votes) for lp in found] == kept
    assert [(lp.pattern.rule, lp.pattern.key, lp.votes) for lp in left_out] == dropped


def test_a_long_line_removed_or_relabelled_teaches_no_pattern() -> None:
    long_line = "Ein ganzer Absatz. " * 20
    taught = [(Pattern("boilerplate", long_line.strip()), 1, long_line)]
    assert fit_patterns(taught) == ((), ())


def test_the_model_file_round_trips_and_a_roles_only_file_still_loads() -> None:
    model = LearnedModel((LearnedPattern(Pattern("glued_word", "Tagenach", "Tage nach"), 3),), examples=3)
    assert LearnedModel.from_json(model.to_json()) == model
    old = '{"kind": "archivist-role-model", "version": 1, "examples": 0, "corrected": 0, '
    old += '"vocabulary": 0, "priors": {}, "counts": {}}'
    assert LearnedModel.from_json(old).patterns == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "is not an archivist learned model"),
        ('{"kind": "archivist-learned-model", "version": 9}', "is not an archivist learned model"),
    ],
)
def test_a_broken_model_file_is_refused_at_the_edge(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    model = tmp_path / "m.json"
    model.write_text(text, encoding="utf-8")
    page = tmp_path / "a.txt"
    page.write_text(render_clean(TIPPS[0]), encoding="utf-8")
    result = runner.invoke(main, ["recover", str(page), "--model", str(model)])
    assert result.exit_code == 1 and message in result.output


def test_without_a_model_the_recovery_is_the_rules_own() -> None:
    for article in TIPPS[:3]:
        record = LegacyRecord(article.legacy_id, "text", damage(article, KINDS).encode("utf-8"))
        assert process_record(record, MigrationConfig(learned_model="")) == process_record(record)


def test_a_reverted_correction_teaches_nothing(db_url: str, runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    _export(export)
    runner.invoke(main, ["migrate", str(export), "--db", db_url])
    engine = open_store(db_url)
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, TIPPS[0].legacy_id)
        assert stored is not None
        _fix_like_an_editor(conn, stored)
        assert len(list(active_examples(conn))) == 3
        fixed = get_article_by_legacy_id(conn, TIPPS[0].legacy_id)
        assert fixed is not None
        restore_revision(conn, fixed.revision_id, "max", parent=True)
        assert list(active_examples(conn)) == []
    engine.dispose()
    result = runner.invoke(main, ["retrain", "--db", db_url, "--out", str(tmp_path / "m.json")])
    assert "Learned from 0 labelled examples in 0 articles: 0 patterns kept" in result.output


def _naive(article: Article, patterns: tuple[LearnedPattern, ...]) -> Article:
    """Every pattern tried in turn, rule by rule: what the index must find the same way."""
    for rule in ("word_join", "glued_word", "kicker_move", "kicker_glue", "boilerplate", "role_shape"):
        for lp in patterns:
            if lp.pattern.rule == rule and matches(article, lp.pattern):
                article = fix(article, lp.pattern).article
    return article


PATTERNS = fit_patterns(
    (pattern, 1, pattern.key)
    for pattern in (
        Pattern("word_join", "Züri Tipp", "ZüriTipp"),
        Pattern("word_join", "Tipp der", "Tippder"),  # overlaps the one before
        Pattern("glued_word", "ZüriTippder", "ZüriTipp der"),
        Pattern("kicker_move", "Züri", "ZüriTipp"),
        Pattern("kicker_glue", "Meteo"),
        Pattern("boilerplate", line_shape("Bild 1 / 9")),
        Pattern("role_shape", line_shape("Was die Stadt plant:"), from_role="paragraph", to_role="subhead"),
    )
)[0]


@pytest.mark.parametrize(
    "article",
    [
        # a Tipp as the rules leave it: kicker, join, then the split the join made possible
        Article(
            "1", "TippDie Brunnen", kicker="Züri", blocks=(Block(Role.PARAGRAPH, "im Züri Tippder Zeitung"),)
        ),
        # overlapping word keys, a counter with other digits, a colon line
        Article(
            "2",
            "MeteoHagel im Emmental",
            blocks=(
                Block(Role.PARAGRAPH, "Der Züri Tipp der Woche."),
                Block(Role.PARAGRAPH, "Bild 12  /  14"),
                Block(Role.PARAGRAPH, "Was die Stadt plant:"),
            ),
        ),
        # nothing to do
        Article("3", "Ein Titel", kicker="Bern", blocks=(Block(Role.PARAGRAPH, "Ein Satz mit Bild 1."),)),
    ],
)
def test_the_pattern_index_finds_what_trying_every_pattern_finds(article: Article) -> None:
    assert apply_model(article, LearnedModel(PATTERNS))[0] == _naive(article, PATTERNS)
