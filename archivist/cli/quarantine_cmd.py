"""``archivist quarantine list|show|retry``: the records a migration could not use."""

from __future__ import annotations

import click

from archivist.cli.common import FORMATS, db_option, resolve_db
from archivist.config import load_config
from archivist.retry import retry_quarantined
from archivist.store import open_store
from archivist.store.quarantine import get_quarantined, list_quarantine

PREVIEW = 400  # bytes of the raw record shown by `show`


@click.group()
def quarantine() -> None:
    """Records a migration quarantined: why, their raw bytes, and retries."""


@quarantine.command("list")
@db_option
@click.option("--all", "show_all", is_flag=True, help="Also list resolved records.")
def list_command(db_url: str | None, show_all: bool) -> None:
    """One line per quarantined record: id, error, legacy id, reason."""
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            rows = list_quarantine(conn, status=None if show_all else "open")
    finally:
        engine.dispose()
    if not rows:
        click.echo("The quarantine is empty.")
    for row in rows:
        click.echo(f"{row.id:>5}  {row.status:<8}  {row.error:<18}  {row.legacy_id}  {row.reason}")


@quarantine.command()
@click.argument("quarantine_id", type=int)
@db_option
def show(quarantine_id: int, db_url: str | None) -> None:
    """Everything about one quarantined record, with the start of its raw bytes."""
    engine = open_store(resolve_db(db_url))
    try:
        with engine.connect() as conn:
            row = get_quarantined(conn, quarantine_id)
    finally:
        engine.dispose()
    for label, value in (
        ("id", row.id),
        ("status", row.status),
        ("legacy id", row.legacy_id),
        ("format", row.format),
        ("origin", row.origin),
        ("position", row.position),
        ("url", row.url),
        ("error", row.error),
        ("reason", row.reason),
        ("run", row.run_id),
        ("sha256", row.sha256),
        ("size", f"{len(row.raw)} bytes"),
    ):
        click.echo(f"{label:<10} {value}")
    click.echo("raw:")
    click.echo(repr(row.raw[:PREVIEW]) + (" …" if len(row.raw) > PREVIEW else ""))


@quarantine.command()
@click.argument("ids", nargs=-1, type=int)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS[1:]),
    default=None,
    help="Read the quarantined bytes again as this export format (e.g. a file auto-detection missed).",
)
def retry(ids: tuple[int, ...], db_url: str | None, fmt: str | None) -> None:
    """Process quarantined records again with the current code (all open ones, or IDS).

    Records that now migrate leave the quarantine; the others stay with the new reason.
    Unreadable files are read again (with --format, or their format sniffed anew).
    """
    config = load_config(db_url=resolve_db(db_url))
    engine = open_store(config.db_url)
    try:
        done = retry_quarantined(engine, config, ids, fmt=fmt)
    finally:
        engine.dispose()
    for item in done:
        tail = f": {item.reason}" if item.reason else ""
        many = f" ({item.records} records)" if item.records > 1 else ""
        click.echo(f"{item.quarantine_id:>5}  {item.outcome:<11}  {item.legacy_id}{many}{tail}")
    left = sum(1 for item in done if item.outcome == "quarantined")
    click.echo(f"{len(done)} retried, {len(done) - left} migrated, {left} still quarantined")
