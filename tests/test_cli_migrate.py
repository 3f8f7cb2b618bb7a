"""``archivist migrate`` end to end through the CLI: summary lines, exit codes, re-runs.

Real flattened-text files of our own writing go through the real sources, parsers
and repairs into real SQLite and PostgreSQL stores.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from archivist.cli import main
from archivist.model import LegacyRecord
from archivist.store import open_store

ARTICLES = {
    "lausanne-4711.txt": (
        "Lausanne - TransportsLe métro m2 fermé tout le week-end\n"
        "Des travaux de maintenance paralysent la ligne entre Ouchy et Croisettes, "
        "ont annoncé lundi les Transports lausannois.\n"
        "La fermeture commencera vendredi à 21 heures et durera jusqu'à lundi matin. "
        "Des bus de remplacement circuleront toutes les cinq minutes entre les stations.\n"
        "Un chantier attendu\n"
        "Les rails de la rampe du Flon doivent être changés depuis plusieurs années."
        "Les usagers sont invités à prévoir davantage de temps pour leurs trajets.\n"
    ),
    "zuerich-0815.txt": (
        "Zürich - VerkehrDie Hardbrücke bleibt drei Wochen gesperrt\n"
        "Wegen Belagsarbeiten müssen Pendlerinnen und Pendler ab Montag ausweichen.\n"
        "Die Stadt hat die Sperrung am Freitag bestätigt. Die Arbeiten beginnen in der Nacht "
        "auf Montag und dauern bis Ende Monat.Der Busverkehr wird über die Pfingstweidstrasse umgeleitet.\n"
        "Das Tiefbauamt empfiehlt, auf die S-Bahn umzusteigen.\n"
    ),
    "geneva-2201.txt": (
        "Geneva - SportServette clinch the derby in stoppage time\n"
        "A header in the 93rd minute settled a tense evening at the Stade de Genève.\n"
        "Servette had trailed for most of the second half after a penalty by the visitors. "
        "The equaliser came from a corner twenty minutes before the end.\n"
        "The winning goal sent the 18,000 spectators into a frenzy, the club said.\n"
    ),
}
BROKEN = {
    "garbage.txt": bytes(range(256)) * 4,  # binary garbage
    "empty.txt": b"",  # an empty export file
}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, data in BROKEN.items():
        (folder / name).write_bytes(data)
    return folder


def summary(run: str, read: int, *outcomes: int) -> list[str]:
    labels = ("migrated", "updated", "unchanged", "conflicts", "quarantined", "skipped")
    lines = [run, f"  {'records read':<14}{read:>8}"]
    lines += [f"  {label:<14}{n:>8}" for label, n in zip(labels, outcomes, strict=True)]
    lines.append(f"  read {read} = {' + '.join(map(str, outcomes))}: every record is accounted for")
    return lines


def counts(url: str) -> dict[str, int]:
    engine = open_store(url)
    with engine.connect() as conn:
        found = {
            table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("articles", "revisions", "sources", "quarantine", "runs")
        }
    engine.dispose()
    return found


def test_migrate_twice_then_a_changed_file(runner: CliRunner, db_url: str, export: Path) -> None:
    first = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[:9] == summary("Run 1 finished", 5, 3, 0, 0, 0, 2, 0)
    after_first = counts(db_url)
    assert after_first == {"articles": 3, "revisions": 3, "sources": 3, "quarantine": 2, "runs": 1}

    again = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[:9] == summary("Run 2 finished", 5, 0, 0, 3, 0, 2, 0)
    assert counts(db_url) == after_first | {"runs": 2}

    changed = export / "geneva-2201.txt"
    changed.write_text(ARTICLES["geneva-2201.txt"].replace("18,000", "19,500"), encoding="utf-8")
    third = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert third.exit_code == 0, third.output
    assert third.stdout.splitlines()[:9] == summary("Run 3 finished", 5, 0, 1, 2, 0, 2, 0)
    assert counts(db_url) == after_first | {"runs": 3, "revisions": 4, "sources": 4}


def test_dry_run_writes_nothing(runner: CliRunner, db_url: str, export: Path) -> None:
    result = runner.invoke(main, ["migrate", str(export), "--db", db_url, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:9] == summary(
        "Dry run (nothing written) finished", 5, 3, 0, 0, 0, 2, 0
    )
    assert counts(db_url) == {"articles": 0, "revisions": 0, "sources": 0, "quarantine": 0, "runs": 0}


def test_workers_and_config_file(runner: CliRunner, db_url: str, export: Path, tmp_path: Path) -> None:
    config = tmp_path / "migration.toml"
    config.write_text("[archivist]\nbatch_size = 2\n", encoding="utf-8")
    result = runner.invoke(
        main, ["migrate", str(export), "--db", db_url, "--workers", "2", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:9] == summary("Run 1 finished", 5, 3, 0, 0, 0, 2, 0)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # a path that does not exist is bad usage
        (["migrate", "no/such/export"], 2, "does not exist"),
        # no path at all
        (["migrate"], 2, "Missing argument"),
        # zero workers
        (["migrate", "{export}", "--workers", "0"], 2, "--workers"),
        # an unknown format name
        (["migrate", "{export}", "--format", "docx"], 2, "--format"),
        # an unknown engine
        (["migrate", "{export}", "--engine", "spark"], 2, "--engine"),
        # a config file with an unknown setting
        (["migrate", "{export}", "--config", "{bad_config}"], 1, "not a known setting"),
    ],
)
def test_bad_usage_and_errors(
    runner: CliRunner, sqlite_url: str, export: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[archivist]\nbatchsize = 2\n", encoding="utf-8")
    argv = [a.format(export=export, bad_config=bad_config) for a in args] + ["--db", sqlite_url]
    result = runner.invoke(main, argv)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_demo_twice_without_serving(runner: CliRunner, sqlite_url: str) -> None:
    from archivist.cli.demo_cmd import SAMPLE

    if not SAMPLE.is_dir():
        pytest.skip(f"the demo sample is not written yet at {SAMPLE}")
    first = runner.invoke(main, ["demo", "--no-serve", "--db", sqlite_url])
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    read = int(lines[1].split()[-1])
    assert read >= 40 and lines[8].endswith("every record is accounted for")
    assert "archivist report" in lines and "Last runs" in lines
    second = runner.invoke(main, ["demo", "--no-serve", "--db", sqlite_url])
    assert second.exit_code == 0, second.output
    again = second.stdout.splitlines()
    stored = read - int(lines[6].split()[-1]) - int(lines[7].split()[-1])  # minus quarantined, skipped
    assert (again[2], again[4]) == (f"  {'migrated':<14}{0:>8}", f"  {'unchanged':<14}{stored:>8}")


def test_demo_without_sample_says_what_to_do(
    runner: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import archivist.cli.demo_cmd as demo_cmd

    monkeypatch.setattr(demo_cmd, "SAMPLE", tmp_path / "no-sample")
    result = runner.invoke(main, ["demo", "--no-serve", "--db", sqlite_url])
    assert result.exit_code == 1 and "demo sample archive is not at" in result.output


def ctrl_c_after_two(stream: BinaryIO, origin: str) -> Iterator[LegacyRecord]:
    """A reader during which the user presses Ctrl-C after two records."""
    for n in range(2):
        yield LegacyRecord(f"r{n}", "text", ARTICLES["geneva-2201.txt"].encode(), origin=origin)
    raise KeyboardInterrupt


def test_ctrl_c_exits_1_with_an_interrupted_summary(
    runner: CliRunner, db_url: str, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archivist.sources import FORMATS, SourceFormat, load_formats

    load_formats()
    monkeypatch.setitem(FORMATS, "text", SourceFormat("text", lambda name, head: True, ctrl_c_after_two))
    result = runner.invoke(
        main, ["migrate", str(export / "geneva-2201.txt"), "--db", db_url, "--format", "text"]
    )
    assert result.exit_code == 1, result.output
    # the batch in flight was rolled back: nothing was read to the end, and that balances
    assert result.stdout.splitlines()[:9] == summary("Run 1 interrupted", 0, 0, 0, 0, 0, 0, 0)
