"""The eval's outputs: a plain-text table for the terminal and a JSON document.

The table has one row per scenario and system; ``ours`` rows are archivist's
recovery, ``+mdl`` rows the same with a learned model (``eval --model``), ``base`` rows
the naive baseline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from archivist.eval.runner import Scenario

# (score key, column header, format); the columns of the terminal table
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("articles", "n", "{:>4}"),
    ("kicker_exact", "kicker", "{:>6.3f}"),
    ("title_exact", "title", "{:>6.3f}"),
    ("lead_exact", "lead", "{:>6.3f}"),
    ("subhead_f1", "sub F1", "{:>6.3f}"),
    ("paragraph_f1", "par F1", "{:>6.3f}"),
    ("role_accuracy", "roles", "{:>6.3f}"),
    ("word_conservation", "words", "{:>6.4f}"),
    ("invented_words", "invent", "{:>6}"),
    ("article_exact", "exact", "{:>6.3f}"),
)
# ours: the rules (before retrain); +mdl: with the learned model (after retrain)
SYSTEM_LABELS = {"archivist": "ours", "retrained": "+mdl", "baseline": "base"}


def _cell(fmt: str, value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return fmt.format(0).replace("0", "-").replace(".---", "    ")
    return fmt.format(value)


def render_table(scenarios: Sequence[Scenario]) -> str:
    """The per-damage table, ours above the baseline for each scenario."""
    header = f"{'damage':<20} {'sys':<4} " + " ".join(f"{h:>{len(_cell(f, 0))}}" for _, h, f in COLUMNS)
    lines = [header, "-" * len(header)]
    for scenario in scenarios:
        for system, tally in scenario.tallies.items():
            scores = tally.scores()
            cells = " ".join(_cell(fmt, scores[key]) for key, _, fmt in COLUMNS)
            label = SYSTEM_LABELS.get(system, system[:4])
            lines.append(f"{scenario.name:<20} {label:<4} {cells}")
        clean = scenario.name == "clean"
        if clean:
            rates = ", ".join(
                f"{SYSTEM_LABELS.get(s, s)} {t.scores()['changed_rate']:.3f}"
                for s, t in scenario.tallies.items()
            )
            lines.append(f"{'':<20} false-repair rate on clean articles: {rates}")
    failures = [(s.name, sys, f) for s in scenarios for sys, fs in s.failures.items() for f in fs]
    if failures:
        lines.append(f"{len(failures)} record(s) failed to recover (scored as empty):")
        lines.extend(f"  {name} / {sys}: {f}" for name, sys, f in failures[:10])
    return "\n".join(lines)


def to_json(scenarios: Sequence[Scenario], meta: dict[str, Any]) -> dict[str, Any]:
    """The eval as plain data: {meta, scenarios: {name: {system: scores}}}."""

    def clean(value: Any) -> Any:
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 4)
        return value

    return {
        **meta,
        "scenarios": {
            s.name: {
                system: {k: clean(v) for k, v in t.scores().items()}
                | {"failures": s.failures.get(system, [])}
                for system, t in s.tallies.items()
            }
            for s in scenarios
        },
    }


def render_markdown(scenarios: Sequence[Scenario]) -> str:
    """The same table as Markdown, for BENCHMARKS.md."""
    headers = ["damage", "system", *(h for _, h, _ in COLUMNS), "false repair"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for scenario in scenarios:
        for system, tally in scenario.tallies.items():
            scores = tally.scores()
            cells = [_cell(fmt, scores[key]).strip() for key, _, fmt in COLUMNS]
            repair = f"{scores['changed_rate']:.3f}" if scenario.name == "clean" else ""
            row = [scenario.name, SYSTEM_LABELS.get(system, system), *cells, repair]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
