"""``archivist status``, ``archivist report`` and ``archivist runs``: read-only views of the store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from archivist.cli.common import db_option, resolve_db
from archivist.config import MigrationConfig
from archivist.report import build_report, render_html, render_text, run_line
from archivist.store import open_store
from archivist.store.conflicts import count_open_conflicts
from archivist.store.runs import list_runs
from archivist.store.stats import store_counts

REVIEW_THRESHOLD = MigrationConfig().review_threshold
# where an open re-run conflict is settled (issue 6, point 6)
CONFLICTS_HINT = "open: `archivist conflicts list`, settle them at /edit/conflicts"


@click.command()
@db_option
def status(db_url: str | None) -> None:
    """Counts of the archive database: articles, revisions, quarantine, runs, open conflicts."""
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            counts = store_counts(conn, REVIEW_THRESHOLD)
            last = list_runs(conn, 1)
            conflicts = count_open_conflicts(conn)
    finally:
        engine.dispose()
    click.echo(
        f"articles     {counts['articles']:>8}  ({counts['edited']} edited, {counts['removed']} removed)"
    )
    click.echo(f"revisions    {counts['revisions']:>8}")
    click.echo(f"to review    {counts['to_review']:>8}  (least confident: under {REVIEW_THRESHOLD:.2f})")
    click.echo(f"quarantined  {counts['quarantined']:>8}")
    click.echo(f"runs         {counts['runs']:>8}")
    click.echo(f"last run     {run_line(last[0]) if last else 'none'}")
    click.echo(f"conflicts    {conflicts:>8}  ({CONFLICTS_HINT if conflicts else 'none open'})")


@click.command()
@db_option
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write an HTML report here.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Least confident articles."
)
def report(db_url: str | None, html_file: str | None, limit: int) -> None:
    """The migration report: counts, findings by kind, repairs by rule, the least
    confident articles and the last runs. --html FILE writes a self-contained HTML
    version with charts (inline SVG, no JavaScript)."""
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            built = build_report(conn, review_threshold=REVIEW_THRESHOLD, limit=limit)
    finally:
        engine.dispose()
    click.echo(render_text(built), nl=False)
    if html_file:
        Path(html_file).write_text(render_html(built, generated=datetime.now(UTC)), encoding="utf-8")
        click.echo(f"HTML report written to {html_file}")


@click.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs.")
def runs(db_url: str | None, limit: int) -> None:
    """The migration runs, newest first, each with its reconciliation."""
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            found = list_runs(conn, limit)
    finally:
        engine.dispose()
    if not found:
        click.echo("No runs yet. `archivist migrate PATH` starts one.")
    for run in found:
        started = run.started_at.strftime("%Y-%m-%d %H:%M") if run.started_at else "?"
        click.echo(f"{started}  {run_line(run)}")
