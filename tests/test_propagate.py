"""Propagated fixes on a real store: 200 articles share one damage, one editor fix repairs them.

The archive: 201 German weather articles whose kicker "Meteo" is glued to the title
(the recovery did not split them), next to articles that must not change: the same
kicker already split, "Meteorologen…" (lower case after the kicker), "MeteoSchweiz…"
(a name, which the body also spells as one word), another kicker glued the same way,
and "Meteo" inside body text. An editor fixes one article by hand; the fix is
propagated; exactly the 200 others change; the batch revert restores all 200.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa

from archivist.editor.ops import Op, apply_op
from archivist.editor.patterns import Pattern, derive_pattern
from archivist.editor.propagate import apply_pattern, preview_pattern, revert_batch
from archivist.errors import NotFoundError
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article, get_article_by_legacy_id, save_migrated
from archivist.store.editorial import get_batch
from archivist.store.tables import articles

EVENTS = ["Sturm über", "Hagel im", "Nebel im", "Frost in", "Hitze in", "Schnee im", "Regen über", "Föhn im"]
PLACES = [
    "Bern",
    "Emmental",
    "Seeland",
    "Oberland",
    "Jura",
    "Aargau",
    "Thurgau",
    "Wallis",
    "Tessin",
    "Zürich",
    "Basel",
    "Luzern",
    "Glarus",
    "Uri",
    "Schwyz",
    "Zug",
    "Solothurn",
    "Freiburg",
    "Graubünden",
    "Genf",
    "Waadt",
    "Neuenburg",
    "Appenzell",
    "Schaffhausen",
    "Mittelland",
    "Rheintal",
]
DAMAGED = 201  # one fixed by hand, 200 by the propagated fix


def _weather(i: int) -> Article:
    title = f"{EVENTS[i % len(EVENTS)]} {PLACES[i // len(EVENTS)]}: Warnstufe {i % 4 + 2}"
    return Article(
        legacy_id=f"wetter-{i:03d}",
        title="Meteo" + title,  # the damage: kicker glued to the title at a capital
        language="de",
        section="Schweiz",
        published=datetime(2018, 1, 1 + i % 28, 7, 0),
        blocks=(
            Block(Role.PARAGRAPH, f"Der Wetterdienst erwartet bis Mittwoch wechselhafte Verhältnisse ({i})."),
            Block(Role.PARAGRAPH, "Die Behörden raten, lose Gegenstände auf Balkonen zu sichern."),
        ),
    )


# articles that must come through unchanged, one row per reason
CONTROLS = [
    # the kicker is already split
    Article("ok-1", "Gewitter am Thunersee", kicker="Meteo", language="de", section="Schweiz"),
    Article("ok-2", "Trockener Herbst im Wallis", kicker="Meteo", language="de", section="Schweiz"),
    # "Meteo" followed by lower case is a word, not a glued kicker
    Article("ok-3", "Meteorologen erwarten einen milden Winter", language="de", section="Schweiz"),
    # a name glued like a kicker, which the body spells as one word: a false friend
    Article(
        "ok-4",
        "MeteoSchweiz warnt vor Orkanböen",
        language="de",
        section="Schweiz",
        blocks=(Block(Role.PARAGRAPH, "MeteoSchweiz hat die Warnstufe am Abend erhöht."),),
    ),
    # another kicker glued the same way: another damage, another fix
    Article("ok-5", "EishockeyDer SC Bern verliert in Lugano", language="de", section="Sport"),
    # "Meteo" in the body only
    Article(
        "ok-6",
        "Der Sommer war zu nass",
        language="de",
        section="Schweiz",
        blocks=(Block(Role.PARAGRAPH, "Meteo Bern meldet den nassesten Juli seit 1990."),),
    ),
]


def _store(engine: sa.Engine, items: list[Article]) -> None:
    with engine.begin() as conn:
        for article in items:
            raw = f"{article.kicker}{article.title}\n{article.legacy_id}".encode()
            record = LegacyRecord(article.legacy_id, "text", raw, origin=f"{article.legacy_id}.txt")
            assert save_migrated(conn, record, Processed(article, confidence=0.7), None) == "created"


def _hashes(engine: sa.Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {
            r.legacy_id: r.content_hash
            for r in conn.execute(sa.select(articles.c.legacy_id, articles.c.content_hash))
        }


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = open_store(db_url)
    _store(engine, [_weather(i) for i in range(DAMAGED)] + CONTROLS)
    yield engine
    engine.dispose()


def _hand_fix(engine: sa.Engine) -> tuple[int, Pattern]:
    """The editor cuts the kicker off the first weather article and publishes it."""
    op = Op("move_kicker_boundary", {"kicker": "Meteo"})
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, "wetter-000")
        assert stored is not None
        edit = apply_op(stored.article, op)
        add_revision(conn, stored.id, edit.article, kind="editor", author="anna", steps=edit.steps)
    pattern = derive_pattern(stored.article, op, edit.article)
    assert pattern == Pattern("kicker_glue", "Meteo")
    return stored.id, pattern


def test_one_fix_propagated_repairs_the_200_and_nothing_else_then_the_batch_revert(engine: sa.Engine) -> None:
    source, pattern = _hand_fix(engine)
    before = _hashes(engine)

    with engine.connect() as conn:
        preview = preview_pattern(conn, pattern, exclude=[source], sample=3)
    assert preview.count == DAMAGED - 1
    assert len(preview.sample) == 3
    for stored, rows in preview.sample:  # each sample diff moves "Meteo" out of the title
        title = stored.article.title
        assert {(r.tag, r.text) for r in rows} == {
            ("-", f"title: {title}"),
            ("+", "kicker: Meteo"),
            ("+", f"title: {title.removeprefix('Meteo')}"),
        }
    assert _hashes(engine) == before  # a dry run writes nothing

    with engine.begin() as conn:
        result = apply_pattern(conn, pattern, "anna", source_article=source)
    assert len(result.article_ids) == DAMAGED - 1 == 200
    after = _hashes(engine)
    changed = {legacy_id for legacy_id in after if after[legacy_id] != before[legacy_id]}
    assert changed == {f"wetter-{i:03d}" for i in range(1, DAMAGED)}
    with engine.connect() as conn:
        for i in range(DAMAGED):
            stored = get_article_by_legacy_id(conn, f"wetter-{i:03d}")
            assert stored is not None
            assert stored.article.kicker == "Meteo"
            assert stored.article.title == _weather(i).title.removeprefix("Meteo")
            if i:
                revision = conn.execute(
                    sa.text("SELECT kind, author, batch_id FROM revisions WHERE id = :id"),
                    {"id": stored.revision_id},
                ).one()
                assert tuple(revision) == ("propagation", "rule:kicker_glue by anna", result.batch_id)
                assert [s.rule for s in stored.steps] == ["propagation:kicker_glue"]
        batch = get_batch(conn, result.batch_id)
    assert batch is not None and batch.count == 200 and batch.article_id == source

    with engine.begin() as conn:
        reverted = revert_batch(conn, result.batch_id, "anna")
    assert len(reverted.restored) == 200 and reverted.skipped == ()
    assert _hashes(engine) == before  # every article as it was before the batch, the hand fix kept
    with engine.connect() as conn:
        again = preview_pattern(conn, pattern, exclude=[source])
        assert get_batch(conn, result.batch_id).reverted_by == "anna"  # type: ignore[union-attr]
    assert again.count == 200  # the damage is back, so the fix could be applied again


def test_batch_revert_leaves_articles_changed_since_and_says_so(engine: sa.Engine) -> None:
    source, pattern = _hand_fix(engine)
    with engine.begin() as conn:
        result = apply_pattern(conn, pattern, "anna", source_article=source)
        touched = result.article_ids[5]
        stored = get_article(conn, touched)
        assert stored is not None
        edit = apply_op(stored.article, Op("set_role", {"block": 1, "role": "subhead"}))
        add_revision(conn, touched, edit.article, kind="editor", author="ben", steps=edit.steps)
    with engine.begin() as conn:
        reverted = revert_batch(conn, result.batch_id, "anna")
        kept = get_article(conn, touched)
    assert len(reverted.restored) == 199
    assert [article_id for article_id, _why in reverted.skipped] == [touched]
    assert kept is not None and kept.article == edit.article  # ben's later revision stays


def test_reverting_an_unknown_batch_says_so(engine: sa.Engine) -> None:
    with engine.begin() as conn, pytest.raises(NotFoundError, match="nosuch"):
        revert_batch(conn, "nosuch", "anna")


@pytest.mark.parametrize(
    ("glued", "replacement"),
    [
        ("Prüfungnach", "Prüfung nach"),  # non-ASCII: stored as \u escapes in the JSON document
        ("Sturzbei", "Sturz bei"),  # plain ASCII
    ],
)
def test_glued_word_propagates_to_exactly_the_articles_that_have_it(
    db_url: str, glued: str, replacement: str
) -> None:
    def article(n: int, text: str) -> Article:
        return Article(
            f"glue-{n}", f"Bericht Nummer {n}", language="de", blocks=(Block(Role.PARAGRAPH, text),)
        )

    damaged = [article(n, f"Die Schule meldet die {glued} den Ferien als Fall {n}.") for n in range(5)]
    clean = [
        article(10, f"Die Schule meldet die {replacement} den Ferien."),
        article(11, f"Ein Wort wie {glued}er bleibt stehen."),  # only whole words
    ]
    engine = open_store(db_url)
    _store(engine, damaged + clean)
    before = _hashes(engine)
    with engine.begin() as conn:
        result = apply_pattern(conn, Pattern("glued_word", glued, replacement=replacement), "anna")
    after = _hashes(engine)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {a.legacy_id for a in damaged} and len(result.article_ids) == 5
    with engine.connect() as conn:
        fixed = get_article_by_legacy_id(conn, "glue-3")
    engine.dispose()
    assert (
        fixed is not None
        and fixed.article.blocks[0].text == f"Die Schule meldet die {replacement} den Ferien als Fall 3."
    )


def test_a_removed_counter_line_goes_wherever_its_shape_recurs(db_url: str) -> None:
    def article(n: int, *lines: str) -> Article:
        blocks = tuple(Block(Role.PARAGRAPH, line) for line in lines)
        return Article(f"diapo-{n}", f"Le marché de Noël numéro {n}", language="fr", blocks=blocks)

    body = "Les chalets ouvrent vendredi sur la place."
    damaged = [article(n, body, f"{n % 9 + 1} / {n % 9 + 12}") for n in range(6)]  # slideshow counters
    clean = [article(20, body, "Le 1 / 9 des votants a dit non."), article(21, body)]
    engine = open_store(db_url)
    _store(engine, damaged + clean)
    op = Op("remove_block", {"block": 1})
    with engine.begin() as conn:
        first = get_article_by_legacy_id(conn, "diapo-0")
        assert first is not None
        edit = apply_op(first.article, op)
        add_revision(conn, first.id, edit.article, kind="editor", author="anna", steps=edit.steps)
        pattern = derive_pattern(first.article, op, edit.article)
        assert pattern is not None and pattern.rule == "boilerplate"
        result = apply_pattern(conn, pattern, "anna", source_article=first.id)
    assert len(result.article_ids) == 5
    with engine.connect() as conn:
        for item in damaged + clean:
            stored = get_article_by_legacy_id(conn, item.legacy_id)
            assert stored is not None
            expected = item.blocks[:1] if item in damaged else item.blocks
            assert stored.article.blocks == expected
    engine.dispose()
