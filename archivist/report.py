"""The migration report: what is in the store, what was repaired, what to look at.

:func:`build_report` reads the figures (I/O); :func:`render_text` and
:func:`render_html` are pure. The HTML report is one self-contained file: its charts
are inline SVG (no JavaScript, no CDN), so it opens anywhere, even offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Connection

from archivist.store.runs import RunSummary, list_runs
from archivist.store.stats import (
    LowConfidence,
    confidence_histogram,
    findings_by_kind,
    least_confident,
    quarantine_by_error,
    repairs_by_rule,
    store_counts,
)

TEMPLATES = Path(__file__).resolve().parent / "report_templates"


@dataclass(frozen=True)
class Report:
    counts: dict[str, int]
    review_threshold: float
    findings: list[tuple[str, int]]
    repairs: list[tuple[str, int]]
    quarantine: list[tuple[str, int]]
    confidence: list[tuple[str, int]]
    least_confident: list[LowConfidence]
    runs: list[RunSummary]


def build_report(conn: Connection, *, review_threshold: float = 0.7, limit: int = 10) -> Report:
    return Report(
        counts=store_counts(conn, review_threshold),
        review_threshold=review_threshold,
        findings=findings_by_kind(conn),
        repairs=repairs_by_rule(conn),
        quarantine=quarantine_by_error(conn),
        confidence=confidence_histogram(conn),
        least_confident=least_confident(conn, limit),
        runs=list_runs(conn, 5),
    )


def run_line(run: RunSummary) -> str:
    """One run on one line, with its reconciliation.

    >>> run_line(RunSummary(3, "finished", read=5, created=2, quarantined=2, skipped=1))  # doctest: +ELLIPSIS
    'run 3  finished  read 5 = migrated 2 + updated 0 + ... + quarantined 2 + skipped 1  balanced'
    """
    parts = " + ".join(
        f"{label} {value}"
        for label, value in (
            ("migrated", run.created),
            ("updated", run.updated),
            ("unchanged", run.unchanged),
            ("conflicts", run.conflicts),
            ("quarantined", run.quarantined),
            ("skipped", run.skipped),
        )
    )
    balance = "balanced" if run.balanced else f"UNBALANCED ({run.read - run.accounted:+d})"
    dry = "  (dry run)" if run.dry_run else ""
    return f"run {run.run_id}  {run.status}  read {run.read} = {parts}  {balance}{dry}"


def _table(rows: list[tuple[str, int]], empty: str) -> list[str]:
    if not rows:
        return [f"  {empty}"]
    width = max(len(name) for name, _ in rows)
    return [f"  {name.ljust(width)}  {count:>7}" for name, count in rows]


def render_text(report: Report) -> str:
    c = report.counts
    lines = [
        "archivist report",
        "",
        f"articles      {c['articles']:>7}   ({c['edited']} edited, {c['removed']} removed)",
        f"revisions     {c['revisions']:>7}",
        f"to review     {c['to_review']:>7}   (confidence under {report.review_threshold:.2f})",
        f"quarantined   {c['quarantined']:>7}",
        f"runs          {c['runs']:>7}",
        "",
        "Findings by kind (current revisions)",
        *_table(report.findings, "none"),
        "",
        "Repairs by rule (migration)",
        *_table(report.repairs, "none"),
        "",
        "Quarantine by error",
        *_table(report.quarantine, "none"),
        "",
        f"The {len(report.least_confident)} least confident articles",
    ]
    if not report.least_confident:
        lines.append("  none")
    for low in report.least_confident:
        plural = "" if low.findings == 1 else "s"
        lines.append(f"  {low.confidence:.2f}  #{low.id}  {low.path}  ({low.findings} finding{plural})")
    lines += ["", "Last runs"]
    lines += [f"  {run_line(run)}" for run in report.runs] or ["  none"]
    return "\n".join(lines) + "\n"


def svg_bar_chart(rows: list[tuple[str, int]], title: str, *, width: int = 680, bar: int = 18) -> str:
    """A horizontal bar chart as inline SVG, labels escaped.

    >>> svg = svg_bar_chart([("a<b", 3), ("c", 1)], "Demo")
    >>> svg.startswith("<svg") and "a&lt;b" in svg and svg.count("<rect") == 2
    True
    """
    label_w, gap, top = 240, 6, 26  # room for the longest rule names at 12px
    height = top + max(1, len(rows)) * (bar + gap) + 4
    peak = max((n for _, n in rows), default=0) or 1
    room = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{top + bar - 4}">no data yet</text>')
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar + gap)
        length = round(room * value / peak)
        parts += [
            f'<text x="{label_w - 8}" y="{y + bar - 5}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar}" fill="#3b6ea5"><title>'
            f"{escape(label)}: {value}</title></rect>",
            f'<text x="{label_w + length + 6}" y="{y + bar - 5}">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: Report, *, generated: datetime | None = None) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    charts = {
        "confidence": Markup(svg_bar_chart(report.confidence, "Articles by confidence")),
        "repairs": Markup(svg_bar_chart(report.repairs[:15], "Repairs by rule")),
        "findings": Markup(svg_bar_chart(report.findings[:15], "Findings by kind")),
    }
    return env.get_template("report.html").render(
        report=report, charts=charts, run_line=run_line, generated=generated
    )
