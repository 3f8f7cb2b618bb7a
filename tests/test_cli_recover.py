"""`archivist recover`: ninjs JSON Lines on stdout, failures on stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archivist.cli import main


def test_seed(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(main, ["recover", str(seed_path)])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    item = json.loads(line)
    assert item["headlines"][1] == {"role": "kicker", "value": "Syrie - Alep"}
    assert item["altIds"] == [{"role": "legacy-id", "value": "syrie-alep"}]
    assert "é" in line  # ensure_ascii=False


def test_inputs_in_order_and_failures_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Zweiter Titel\nEin Lead.\nText.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Premier titre\nUn chapô.\nTexte.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        main, ["recover", str(tmp_path / "b.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "a.txt")]
    )
    assert result.exit_code == 1
    titles = [json.loads(line)["headlines"][0]["value"] for line in result.stdout.splitlines()]
    assert titles == ["Zweiter Titel", "Premier titre"]
    assert result.stderr.startswith("empty: EmptyRecord:")
    assert "empty.txt" in result.stderr


def test_lang_option_overrides_detection(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(
        "Titre\nUn chapô court pour le texte.\nLe texte de l'article est ici.\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["recover", "--lang", "de", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["language"] == "de"


def test_bad_usage_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["recover"]).exit_code == 2  # no path
    assert runner.invoke(main, ["recover", str(tmp_path / "missing.txt")]).exit_code == 2
    assert runner.invoke(main, ["recover", "--format", "pdf", str(tmp_path)]).exit_code == 2


def test_help_explains(runner: CliRunner) -> None:
    result = runner.invoke(main, ["recover", "--help"])
    assert result.exit_code == 0
    assert "ninjs 3.0" in result.output and "--format" in result.output and "--lang" in result.output
