"""Learning from editors: corrections become examples, ``archivist retrain`` refits the
block-role model, and the recovery then labels the same kind of line as editors did.

The archive: German local news (our own writing) whose subheads end with a colon
("Was die Gemeinde plant:"), a house style the recovery's rules read as paragraphs.
Editors turn ten of them into subheads; after ``archivist retrain`` a new export with
such a line comes out with a subhead (a ``learned_role`` step), and without the model
it does not; ``archivist eval`` on articles of that style shows the subhead F1 go from
0 to 1. Also: ``archivist user add`` on the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.editor.learned import LearnedModel
from archivist.editor.ops import Op
from archivist.editor.publish import publish_ops
from archivist.eval.gold import GoldArticle
from archivist.eval.runner import SYSTEMS, model_system, run_eval
from archivist.model import Article, Block, LegacyRecord, Role
from archivist.process import process_record
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id
from archivist.store.users import authenticate

TOWNS = [
    "Ostermundigen",
    "Köniz",
    "Ittigen",
    "Muri",
    "Worb",
    "Belp",
    "Zollikofen",
    "Kehrsatz",
    "Bolligen",
    "Stettlen",
    "Wohlen",
    "Frauenkappelen",
    "Bremgarten",
    "Kirchlindach",
]
HEADS = [
    "Was die Gemeinde plant:",
    "Wie es weitergeht:",
    "Was Anwohner sagen:",
    "Die offenen Fragen:",
    "Was der Kanton verlangt:",
    "Wer bezahlt:",
    "Was die Gegner fordern:",
]


def _text(n: int, head: str) -> str:
    town = TOWNS[n % len(TOWNS)]
    return (
        f"Region - Verkehr{town} erhält eine neue Buslinie zum Bahnhof\n"
        f"Der Gemeinderat von {town} hat am Dienstag das Projekt für eine direkte Verbindung vorgestellt.\n"
        f"Die Linie soll ab {2026 + n % 4} fahren und die Wartezeiten zu den Stosszeiten halbieren. "
        "Die Kosten werden auf mehrere Millionen Franken geschätzt.\n"
        f"{head}\n"
        "Die Busse sollen durch die Hauptstrasse fahren, wo heute der Verkehr am Abend staut. "
        "Anwohner werden im Frühling an einer Versammlung informiert.\n"
        "Der Kanton muss das Projekt noch bewilligen.\n"
    )


def test_retrain_learns_the_editors_subheads(runner: CliRunner, db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for n in range(14):
        (export / f"bus-{n}.txt").write_text(_text(n, HEADS[n % len(HEADS)]), encoding="utf-8")
    assert runner.invoke(main, ["migrate", str(export), "--db", db_url]).exit_code == 0

    # the rules read the colon lines as paragraphs; editors correct ten of them
    engine = open_store(db_url)
    with engine.begin() as conn:
        for n in range(10):
            stored = get_article_by_legacy_id(conn, f"bus-{n}")
            assert stored is not None
            index = next(i for i, b in enumerate(stored.article.blocks) if b.text.endswith(":"))
            assert stored.article.blocks[index].role is Role.PARAGRAPH
            op = Op("set_role", {"block": index, "role": "subhead"})
            publish_ops(conn, stored, [op], "lea", "a colon line is a subhead here")
    engine.dispose()

    model_path = tmp_path / "model" / "roles.json"
    result = runner.invoke(main, ["retrain", "--db", db_url, "--out", str(model_path)])
    assert result.exit_code == 0, result.output
    assert "Learned from 10 labelled examples in 10 articles: 7 patterns kept" in result.output
    model = LearnedModel.from_json(model_path.read_text(encoding="utf-8"))
    assert model.roles is not None and model.roles.corrected == 10
    # the exact lines editors relabelled, with their votes (seven headings over ten articles)
    assert sorted(lp.votes for lp in model.patterns) == [1, 1, 1, 1, 2, 2, 2]

    new = LegacyRecord("bus-99", "text", _text(99, "Was die Kommission empfiehlt:").encode())
    plain = process_record(new, MigrationConfig())
    learned = process_record(new, MigrationConfig(learned_model=str(model_path)))
    roles = [(b.role, b.text) for b in learned.article.blocks]
    assert (Role.PARAGRAPH, "Was die Kommission empfiehlt:") in [
        (b.role, b.text) for b in plain.article.blocks
    ]
    assert (Role.SUBHEAD, "Was die Kommission empfiehlt:") in roles
    # only that line changed: the paragraphs stay paragraphs
    assert [r for r, _ in roles].count(Role.SUBHEAD) == 1
    assert [s.rule for s in learned.steps if s.rule == "learned_role"] == ["learned_role"]
    assert not any(s.rule == "learned_role" for s in plain.steps)

    # archivist eval shows the change on articles of the house style no editor opened
    gold = [
        GoldArticle(_gold(n, head), "local", Path(f"bus-{n}.json")) for n, head in enumerate(NEW_HEADS, 20)
    ]
    systems = {"archivist": SYSTEMS["archivist"], "retrained": model_system(str(model_path))}
    [clean] = [s for s in run_eval(gold, ["kicker_glue"], systems=systems) if s.name == "clean"]
    before, after = (clean.tallies[name].scores() for name in systems)
    assert (before["subhead_f1"], after["subhead_f1"]) == (0.0, 1.0)
    assert before["article_exact"] == 0.0 and after["article_exact"] == 1.0


# headings of the same house style that no editor corrected
NEW_HEADS = ["Was die Kommission empfiehlt:", "Wie die Gemeinde reagiert:", "Was Pendler erwartet:"]


def _gold(n: int, head: str) -> Article:
    """The article ``_text`` flattens, as it really is: the colon line is a subhead."""
    lines = _text(n, head).splitlines()
    return Article(
        legacy_id=f"bus-{n}",
        kicker="Region - Verkehr",
        title=lines[0].removeprefix("Region - Verkehr"),
        lead=lines[1],
        language="de",
        blocks=(
            Block(Role.PARAGRAPH, lines[2]),
            Block(Role.SUBHEAD, lines[3]),
            *(Block(Role.PARAGRAPH, line) for line in lines[4:]),
        ),
    )


@pytest.mark.parametrize(
    ("args", "stdin", "code", "output"),
    [
        # a new editor, password from stdin
        (
            ["user", "add", "lea", "--password-stdin"],
            "a long enough secret\n",
            0,
            "User lea (editor) created",
        ),
        # an admin, password typed twice at the prompt
        (
            ["user", "add", "max", "--role", "admin"],
            "another long secret\nanother long secret\n",
            0,
            "User max (admin)",
        ),
        # a password too short
        (["user", "add", "kim", "--password-stdin"], "short\n", 1, "shorter than 10 characters"),
        # a role that does not exist
        (
            ["user", "add", "kim", "--role", "owner", "--password-stdin"],
            "a long enough secret\n",
            2,
            "Invalid value",
        ),
    ],
)
def test_user_add(
    runner: CliRunner, sqlite_url: str, args: list[str], stdin: str, code: int, output: str
) -> None:
    result = runner.invoke(main, [*args, "--db", sqlite_url], input=stdin)
    assert result.exit_code == code, result.output
    assert output in result.output


def test_user_add_twice_and_passwd(runner: CliRunner, sqlite_url: str) -> None:
    runner.invoke(
        main, ["user", "add", "lea", "--password-stdin", "--db", sqlite_url], input="a long enough secret\n"
    )
    again = runner.invoke(
        main, ["user", "add", "lea", "--password-stdin", "--db", sqlite_url], input="x" * 12 + "\n"
    )
    assert again.exit_code == 1 and "exists already" in again.output
    changed = runner.invoke(
        main, ["user", "passwd", "lea", "--password-stdin", "--db", sqlite_url], input="a new long secret\n"
    )
    assert changed.exit_code == 0
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        assert authenticate(conn, "lea", "a new long secret", key="t").name == "lea"
    engine.dispose()
    listed = runner.invoke(main, ["user", "list", "--db", sqlite_url])
    assert listed.output.startswith("lea\teditor\t")
