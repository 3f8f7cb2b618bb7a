"""The archive's vocabulary (issue 3): counted once over a run's records, weighed by the
glued-word repair as extra evidence; its file, its command and its eval wiring.

Each row of the repair tables is one article sentence, the other records of its archive,
and what the repair must make of the sentence with them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import main
from archivist.errors import ConfigError
from archivist.eval.runner import takes_archive
from archivist.model import Article, Block, LegacyRecord, ReadFailure, Role
from archivist.process import process_record
from archivist.recover.archive import ArchiveVocabulary, count_archive
from archivist.repairs import apply_repairs
from archivist.repairs.splitting import fix_glued_words
from archivist.vocabulary import build_vocabulary, load_vocabulary

EN_OTHERS = (
    "The vote is on Thursday in Bern.",
    "Results came on Thursday, as expected.",
    "Thursday was quiet, and most of a crowd went home.",
    "It is one of a kind, said one of a dozen voters, as a joke.",
    "Part of a plan, as a rule.",
    "Teen vaping is rising in the schools of the city, and the parents are worried about it.",
    "The law on vaping was passed by the council in the spring of this year, with a large majority.",
    "As a result, the new route runs on to the lake, as a test.",
)
DE_OTHERS = (
    "Die Gegner der Vorlage sprechen von einem Fehler.",
    "Gegner und Befürworter trafen sich am Montag.",
    "Die Gegner warnen vor den Kosten.",
)


def _archive(language: str, article: str, others: tuple[str, ...]) -> ArchiveVocabulary:
    """The archive of ``others`` and the article's own record (as a first pass counts it)."""
    return count_archive([(language, text) for text in (*others, article)])


def _repaired(text: str, language: str, archive: ArchiveVocabulary | None) -> str:
    article = Article("x", "Titel", blocks=(Block(Role.PARAGRAPH, text),), language=language)
    fixed, _ = fix_glued_words(article, archive)
    return fixed.blocks[0].text


@pytest.mark.parametrize(
    ("text", "language", "others", "expected"),
    [
        # a head other records write on its own (the lexicon does not know it), before a
        # function word
        (
            "Schools ban vapingafter two incidents.",
            "en",
            EN_OTHERS,
            "Schools ban vaping after two incidents.",
        ),
        # a short token no other record writes; three records write its two words apart
        (
            "A delicate arrangement ofa Scottish folk song.",
            "en",
            EN_OTHERS,
            "A delicate arrangement of a Scottish folk song.",
        ),
    ],
    ids=["head-from-archive", "short-pair"],
)
def test_glue_cut_thanks_to_the_archive(
    text: str, language: str, others: tuple[str, ...], expected: str
) -> None:
    assert _repaired(text, language, None) == text  # the article alone cannot tell
    assert _repaired(text, language, _archive(language, text, others)) == expected


@pytest.mark.parametrize(
    ("text", "language", "others", "expected"),
    [
        # "ofa" written whole in two other records, "of a" apart in nine: the same glue
        (
            "A delicate arrangement ofa Scottish folk song.",
            "en",
            (*EN_OTHERS, "A glued ofa here.", "And ofa there.", *["He spoke of a plan."] * 6),
            "A delicate arrangement of a Scottish folk song.",
        ),
        # the article alone cuts "ofthe"; other records that hold the same glue must not stop it
        (
            "At the end ofthe day.",
            "en",
            (*EN_OTHERS, "Most ofthe time.", "The rest ofthe week.", *["The end of the road."] * 8),
            "At the end of the day.",
        ),
    ],
    ids=["short-pair", "lexicon-rule"],
)
def test_a_glue_that_recurs_in_the_archive_is_still_cut(
    text: str, language: str, others: tuple[str, ...], expected: str
) -> None:
    assert _repaired(text, language, _archive(language, text, others)) == expected


@pytest.mark.parametrize(
    ("text", "language", "others"),
    [
        # a word of the lexicon is not cut, however often the archive writes its head alone
        ("Die Gegnerin der Vorlage sprach zuerst.", "de", DE_OTHERS),
        # a short word of the lexicon, even though records write its two words apart:
        # common ("onto"), rare ("beider", "asa": 892 and 792 in the lexicon)
        ("The road runs onto the bridge.", "en", (*EN_OTHERS, "It went on to win.", "Move on to the next.")),
        (
            "Die Regierungen beider Basel sind einig.",
            "de",
            ("Sie war bei der Wahl.", "Er blieb bei der Partei.", "Wir sind bei der Arbeit."),
        ),
        ("She joined the board asa young lawyer.", "en", EN_OTHERS),
        # a glued form other records write whole is a word (a name here), not a glue
        (
            "Schools ban vapingafter two incidents.",
            "en",
            (*EN_OTHERS, "The vapingafter brand.", "Tickets for vapingafter are sold out."),
        ),
        ("She met ofa in the village.", "en", (*EN_OTHERS, "The elder ofa spoke.")),
        # a name the archive writes alone, before a content word: names end in words
        ("Elle habite Annemasse depuis dix ans.", "fr", ("Anne a voté.", "Anne est partie.", "La masse.")),
        # a name: other records write "March" and "Ivan" alone, but the word stands in a name
        (
            "Brad Marchand added three assists.",
            "en",
            (*EN_OTHERS, "In March, prices rose.", "March was wet.", "By March, the vote."),
        ),
        (
            "Artists: Ivana Jelić and others.",
            "en",
            (*EN_OTHERS, "Ivan said so.", "Ivan left.", "Then Ivan won."),
        ),
        # a head the archive does not write on its own
        ("Schools ban juulingafter two incidents.", "en", EN_OTHERS),
        # a capitalised word: a name or a German noun, whatever other records write alone
        # (the article alone decides, as without the archive)
        ("The findings were published on Thursdayin a leading journal.", "en", EN_OTHERS),
        (
            "Die Sendung lief in der Romandie gut.",
            "de",
            ("Der Roman die Geschichte.", "Ein Roman erschien.", "Sein Roman gewann."),
        ),
        # the archive writes "Thursday" alone, but never this word: the article's Thursday words stay
        ("Thursday, the day after Wednesday, is Thursday.", "en", EN_OTHERS),
    ],
    ids=[
        "lexicon-word-Gegnerin",
        "common-word-onto",
        "rare-word-beider",
        "rare-word-asa",
        "written-whole-elsewhere",
        "short-written-whole-elsewhere",
        "name-before-content-word",
        "name-Marchand",
        "name-Ivana",
        "unknown-head",
        "capitalised-Thursdayin",
        "capitalised-Romandie",
        "clean-sentence",
    ],
)
def test_real_word_kept_whole_with_the_archive(text: str, language: str, others: tuple[str, ...]) -> None:
    assert _repaired(text, language, _archive(language, text, others)) == text


@pytest.mark.parametrize(
    ("records", "language", "word", "count"),
    [
        ([("en", "of a"), ("en", "of a, of a")], "en", "of", 2),  # records, not occurrences
        ([("en", "Thursday."), ("en", "«Thursday»")], "en", "Thursday", 2),  # edge punctuation stripped
        ([("en", "Thursday"), ("fr", "Thursday")], "en", "Thursday", 1),  # per language
        ([("en", "thursday")], "en", "Thursday", 0),  # as written: case counts
    ],
)
def test_word_counts(records: list[tuple[str, str]], language: str, word: str, count: int) -> None:
    assert count_archive(records).words[language].get(word, 0) == count


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("of a lengthy", {"of a"}),  # "alengthy" is eight letters: too long for the table
        ("of, a", set()),  # punctuation between the two
        ("Of a", set()),  # lower-case words only
        ("as 2 a", set()),  # letters only
    ],
)
def test_pairs_of_short_words(text: str, pairs: set[str]) -> None:
    assert set(count_archive([("en", text)]).pairs["en"]) == pairs


def test_json_round_trip() -> None:
    archive = count_archive([("en", "of a Thursday"), ("fr", "de la")])
    assert ArchiveVocabulary.from_json(archive.to_json()) == archive


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "is not JSON"),
        ('{"format": "something else"}', "is not an archivist vocabulary"),
        ('{"format": "archivist-vocabulary/1", "records": {}}', "is damaged"),
        (
            '{"format": "archivist-vocabulary/1", "records": {}, "words": {"en": 3}, "pairs": {}}',
            "is damaged",
        ),
    ],
)
def test_a_file_that_is_no_vocabulary_is_refused(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ArchiveVocabulary.from_json(text, where="words.json")


def test_load_vocabulary_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="archivist vocabulary"):
        load_vocabulary(str(tmp_path / "missing.json"))


def test_no_archive_no_change() -> None:
    """An empty archive, or none, leaves the repairs as they were."""
    text = "Schools ban vapingafter a recount, ofa kind."
    article = Article("x", "Title", blocks=(Block(Role.PARAGRAPH, text),), language="en")
    assert apply_repairs(article, ArchiveVocabulary()) == apply_repairs(article)


def _record(legacy_id: str, text: str) -> LegacyRecord:
    return LegacyRecord(legacy_id, "text", text.encode("utf-8"), origin=f"{legacy_id}.txt")


LEAD = "The news of the day in the city, and what the council said about it."
GLUED = f"Schools\n{LEAD}\nSchools ban vapingafter two incidents.\n"


def test_build_vocabulary_from_records() -> None:
    records = [_record(f"r{n}", f"Title {n}\n{LEAD}\n{text}\n") for n, text in enumerate(EN_OTHERS)]
    archive = build_vocabulary([*records, _record("bad", "")])  # an empty record is left out
    assert archive.records == {"en": len(EN_OTHERS)}
    assert archive.words["en"]["vaping"] == 2
    glued = process_record(_record("g", GLUED), archive=archive).article
    assert glued.blocks[-1].text == "Schools ban vaping after two incidents."


def test_cli_vocabulary_then_recover(runner: CliRunner, tmp_path: Path) -> None:
    for n, text in enumerate(EN_OTHERS):
        (tmp_path / f"r{n}.txt").write_text(f"Title {n}\n{LEAD}\n{text}\n", encoding="utf-8")
    glued = tmp_path / "glued.txt"
    glued.write_text(GLUED, encoding="utf-8")
    words = tmp_path / "words.json"
    result = runner.invoke(main, ["vocabulary", str(tmp_path), "-o", str(words)])
    assert result.exit_code == 0, result.output
    counted = len(json.loads(words.read_text(encoding="utf-8"))["words"]["en"])
    assert result.output == f"{words}: {counted} words from 9 records (en 9)\n"
    result = runner.invoke(main, ["recover", str(glued), "--vocabulary", str(words)])
    assert result.exit_code == 0, result.output
    assert "ban vaping after two incidents" in result.stdout
    result = runner.invoke(main, ["recover", str(glued)])
    assert "ban vapingafter two incidents" in result.stdout


def test_cli_refuses_a_broken_vocabulary(runner: CliRunner, tmp_path: Path) -> None:
    glued = tmp_path / "glued.txt"
    glued.write_text(GLUED, encoding="utf-8")
    broken = tmp_path / "words.json"
    broken.write_text("{}", encoding="utf-8")
    result = runner.invoke(main, ["recover", str(glued), "--vocabulary", str(broken)])
    assert result.exit_code == 1
    assert "is not an archivist vocabulary" in result.output


@pytest.mark.parametrize(
    ("system", "takes"),
    [
        (lambda legacy_id, text: None, False),  # a system of the two arguments only
        (lambda legacy_id, text, archive=None: None, True),
        (lambda *args: None, True),
    ],
)
def test_eval_gives_the_archive_to_systems_that_take_it(system: object, takes: bool) -> None:
    assert takes_archive(system) is takes  # type: ignore[arg-type]


def test_build_vocabulary_tells_what_it_leaves_out() -> None:
    told: list[tuple[str, str]] = []
    records = [_record(f"r{n}", f"Title {n}\n{LEAD}\n{text}\n") for n, text in enumerate(EN_OTHERS)]
    unreadable = ReadFailure(
        "cut", "nitf", b"", "cut.xml: truncated XML at line 3.", "SourceError", "cut.xml"
    )
    archive = build_vocabulary(
        [*records, _record("bad", ""), unreadable], skipped=lambda *told_: told.append(told_)
    )
    assert archive.records == {"en": len(EN_OTHERS)}
    assert [where for where, _ in told] == [_record("bad", "").where, "cut"]
    assert told[0][1].startswith("EmptyRecord: ")
    assert told[1][1] == "SourceError: cut.xml: truncated XML at line 3."


def test_cli_vocabulary_names_the_records_it_leaves_out(runner: CliRunner, tmp_path: Path) -> None:
    for n, text in enumerate(EN_OTHERS):
        (tmp_path / f"r{n}.txt").write_text(f"Title {n}\n{LEAD}\n{text}\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    words = tmp_path / "words.json"
    result = runner.invoke(main, ["vocabulary", str(tmp_path), "-o", str(words)])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "EmptyRecord" in result.stderr
    assert f"from {len(EN_OTHERS)} records" in result.stdout
    assert "1 records could not be read or parsed" in result.stdout
    assert words.exists()
