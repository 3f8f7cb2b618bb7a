"""Text conservation: every word of a legacy record is in the stored article or in a
recorded removal; otherwise a ``text-lost`` error finding, counted by the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from archivist.config import MigrationConfig
from archivist.conservation import CODE, check_conservation, legacy_text, lost_words
from archivist.engines import process
from archivist.model import Article, Block, LegacyRecord, Processed, RepairStep, Role, Severity
from archivist.pipeline import migrate
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id

NOTICE = "Cet article a été automatiquement importé de notre ancien système."


@pytest.mark.parametrize(
    ("legacy", "kept", "missing"),
    [
        # every word kept
        ("Le maire a démissionné.", "Le maire a démissionné.", []),
        # a sentence dropped silently
        ("Le maire a démissionné hier soir.", "Le maire a démissionné.", ["hier", "soir"]),
        # glued words split by a repair are the same words
        ("Wenige Tagenach dem Sturzbei Bern", "Wenige Tage nach dem Sturz bei Bern", []),
        # a word hyphenated at a line end, joined again
        ("Die Ver-\nkehrsbetriebe streiken", "Die Verkehrsbetriebe streiken", []),
        # mojibake and entities in the legacy text, repaired in the article
        ("Ã‰tÃ© Ã  GenÃ¨ve &amp; Lausanne", "Été à Genève & Lausanne", []),
        # soft hyphens and case do not matter
        ("Gemeinde\u00adversammlung BERN", "Gemeindeversammlung Bern", []),
        # a photo-credit label is dropped on purpose, the credit itself is kept
        ("Die Altstadt. Foto: Keystone", "Die Altstadt. Keystone", []),
        # a number lost is a word lost
        ("Le budget atteint 14,5 millions.", "Le budget atteint millions.", ["14", "5"]),
        # missing words are named once, in the order the legacy text has them
        ("Soir: le maire, hier soir, puis hier.", "Le maire puis.", ["soir", "hier"]),
        # a lost word that is a piece of a kept word across a split is not lost
        ("Le Conseild'État siège", "Le Conseil d'État siège", []),
        # a byline and a slideshow counter stored apart from the words they were glued to
        ("By Daniel FrostThere was 6 / 8Martha", "There was Martha\nBy Daniel Frost\n6 / 8", []),
        # a word whose halves are not two kept words is still lost
        ("Le maire a démissionné hier", "Le maire a démissionné hi", ["hier"]),
        # lines kept whole lose nothing; the lost word of another line is still found
        ("Titre\nLe maire a parlé.\nIl part demain.", "Le maire a parlé.\nTitre\nIl part.", ["demain"]),
        # a line found whole inside a longer stored word loses no word (Tage in Tagesschau)
        ("Tage\nDie Tagesschau", "Die Tagesschau", []),
        # missing words keep the legacy order across lines found whole and lines not
        ("hier soir\nLe maire\nsoir et hier", "Le maire et", ["hier", "soir"]),
    ],
)
def test_lost_words(legacy: str, kept: str, missing: list[str]) -> None:
    assert lost_words(legacy, kept) == missing


def text_record(raw: str) -> LegacyRecord:
    return LegacyRecord("t1", "text", raw.encode("utf-8"), origin="dump.txt", position="line 3")


def article(*paragraphs: str, title: str = "Le métro m2 fermé") -> Article:
    return Article("t1", title, blocks=tuple(Block(Role.PARAGRAPH, p) for p in paragraphs))


@pytest.mark.parametrize(
    ("steps", "lost"),
    [
        # the notice left the body through a recorded removal step: nothing is lost
        ((RepairStep("remove_import_notice", "block:1", NOTICE, "", "the import notice"),), False),
        # the same text removed by a step that is not a removal: it is lost
        ((RepairStep("split_glued_words", "block:1", NOTICE, "", "not a removal"),), True),
        # no step at all: it is lost
        ((), True),
    ],
)
def test_removal_steps_account_for_removed_text(steps: tuple[RepairStep, ...], lost: bool) -> None:
    record = text_record(f"Le métro m2 fermé\nLes travaux commencent lundi.\n{NOTICE}\n")
    processed = Processed(article("Les travaux commencent lundi."), steps)
    checked = check_conservation(record, processed)
    findings = [f for f in checked.findings if f.code == CODE]
    assert bool(findings) is lost
    if lost:
        assert findings[0].severity is Severity.ERROR and "automatiquement" in findings[0].message


def test_html_pages_are_not_checked() -> None:
    record = LegacyRecord("p", "html", b"<html><nav>Menu Accueil</nav><h1>Titre</h1></html>")
    assert legacy_text(record) is None
    assert check_conservation(record, Processed(article("Texte."))).findings == ()


def test_the_pipeline_checks_every_record_and_counts_losses(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "dump.txt"
    export.write_text(
        "=====\nid: a1\nLausanne - TransportsLe métro m2 fermé tout le week-end\n"
        "Des travaux de maintenance paralysent la ligne.\n"
        "Les Transports lausannois ont annoncé lundi la fermeture.Un bus de remplacement circulera.\n",
        encoding="utf-8",
    )
    record = LegacyRecord("a1", "text", export.read_bytes(), origin=str(export))
    done = process(record, MigrationConfig())
    assert not [f for f in done.findings if f.code == CODE]  # the real parser keeps every word
    # a processor that drops the last paragraph loses words: the run counts the article
    # and the finding is stored with it
    summary = migrate([export], MigrationConfig(db_url=db_url), processor=dropping)
    assert (summary.created, summary.text_lost) == (1, 1)
    engine = open_store(db_url)
    with engine.connect() as conn:
        stored = get_article_by_legacy_id(conn, "a1")
    engine.dispose()
    assert stored is not None and [f.code for f in stored.findings if f.severity is Severity.ERROR] == [CODE]


def dropping(record: LegacyRecord, config: MigrationConfig) -> Processed:
    """The real processing, minus the last block, then the conservation check."""
    from dataclasses import replace

    done = process(record, config)
    shorter = replace(done, findings=(), article=done.article.with_blocks(done.article.blocks[:-1]))
    return check_conservation(record, shorter)
