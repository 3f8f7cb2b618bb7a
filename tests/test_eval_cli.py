"""archivist eval: the table, the JSON, the baseline beside ours, bad options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archivist.cli import main
from archivist.eval.runner import recover_baseline, run_eval, scenario_names

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    # a small copy of train articles so the test does not depend on the corpus size
    files = sorted((REPO / "corpus" / "gold").rglob("*.json"))[:4]
    if not files:
        pytest.skip("corpus/gold is empty")
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_eval_json_has_every_scenario_and_system(runner, gold_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["eval", str(gold_dir), "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["seed"] == 3 and data["articles"] == 4
    assert list(data["scenarios"]) == scenario_names(["all"])
    for systems in data["scenarios"].values():
        assert "baseline" in systems
        assert 0.0 <= systems["baseline"]["word_conservation"] <= 1.0


def test_eval_table_for_one_kind(runner, gold_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["eval", str(gold_dir), "--damage", "kicker_glue"])
    assert result.exit_code == 0, result.output
    rows = [line.split()[0] for line in result.output.splitlines()[3:] if line and not line.startswith(" ")]
    assert set(rows) == {"clean", "kicker_glue"}
    assert "false-repair rate" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "corpus/gold", "--damage", "glue"],  # unknown damage kind
        ["eval"],  # no gold path
        ["eval", "no/such/folder"],  # missing path
    ],
)
def test_eval_bad_usage_exits_2(runner, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(main, args).exit_code == 2


def test_baseline_gets_kicker_wrong_and_glue_lines_right() -> None:
    from archivist.eval.gold import load_gold

    gold = [g for g in load_gold([REPO / "corpus" / "gold"]) if g.article.kicker][:3]
    if not gold:
        pytest.skip("no gold article with a kicker yet")
    [clean] = run_eval(gold, ["kicker_glue"], seed=0, systems=["baseline"])[:1]
    assert clean.tallies["baseline"].scores()["kicker_exact"] == 0.0
    assert recover_baseline("x", "A\nB\n").article.title == "A"


def test_a_crashing_system_is_reported_and_the_eval_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from archivist.eval.gold import load_gold
    from archivist.eval.runner import SYSTEMS

    gold = load_gold([REPO / "corpus" / "gold"], "train")[:3]
    if len(gold) < 3:
        pytest.skip("corpus/gold is still nearly empty")

    def crashy(legacy_id: str, text: str):  # type: ignore[no-untyped-def]
        if legacy_id == gold[0].id:
            msg = "boom"
            raise ValueError(msg)
        return recover_baseline(legacy_id, text)

    monkeypatch.setitem(SYSTEMS, "crashy", crashy)
    [clean] = run_eval(gold, ["notice"], seed=0, systems=["crashy"])[:1]
    assert clean.failures["crashy"] == [f"{gold[0].id}: crash ValueError: boom"]
    assert clean.tallies["crashy"].articles == 3  # the crashed article scores as empty


@pytest.mark.parametrize(
    ("languages", "exit_code"),
    [
        (["--language", "de"], 0),  # one language: only its articles are scored
        (["--language", "xx"], 2),  # no gold article in that language: bad usage
    ],
)
def test_eval_language_filter(runner, gold_dir: Path, languages: list[str], exit_code: int) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["eval", str(gold_dir), "--damage", "notice", "--json", *languages])
    assert result.exit_code == exit_code, result.output
    if exit_code == 0:
        data = json.loads(result.output)
        assert data["languages"] == ["de"] and data["articles"] >= 1
