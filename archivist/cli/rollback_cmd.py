"""``archivist rollback RUN``: undo one migration run, sparing what existed before it."""

from __future__ import annotations

import click

from archivist.cli.common import db_option, resolve_db
from archivist.store import open_store
from archivist.store.rollback import RollbackResult, rollback_run

SHOWN = 20  # legacy ids listed per group; the counts are always complete


def result_lines(result: RollbackResult, dry_run: bool) -> list[str]:
    done = "would be rolled back (dry run, nothing changed)" if dry_run else "rolled back"
    head = f"Run {result.run_id} {done}:"
    lines = [
        head,
        f"  {len(result.removed):>6} articles it created removed",
        f"  {len(result.restored):>6} articles it updated restored to their previous revision",
        f"  {len(result.kept):>6} articles kept (changed since the run)",
        f"  {result.sources_removed:>6} legacy sources it stored removed",
        f"  {result.quarantine_removed:>6} quarantine rows removed",
    ]
    lines += [f"  kept {legacy_id}: {why}" for legacy_id, why in result.kept[:SHOWN]]
    if len(result.kept) > SHOWN:
        lines.append(f"  … and {len(result.kept) - SHOWN} more kept")
    return lines


@click.command()
@click.argument("run_id", metavar="RUN", type=int)
@db_option
@click.option("--dry-run", is_flag=True, help="Say what would be removed and restored; change nothing.")
def rollback(run_id: int, db_url: str | None, dry_run: bool) -> None:
    """Undo migration run RUN (see `archivist runs`).

    Articles the run created are removed and articles it updated get their
    previous revision back. Content that existed before the run is spared, and so
    is every article an editor (or a later run) changed after it: those are kept
    and listed. Quarantine rows and legacy sources the run added are removed.
    """
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                result = rollback_run(conn, run_id)
            except BaseException:
                transaction.rollback()
                raise
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
    finally:
        engine.dispose()
    for line in result_lines(result, dry_run):
        click.echo(line)
