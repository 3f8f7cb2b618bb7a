"""``archivist demo``: migrate the bundled sample, print the report, serve the site."""

from __future__ import annotations

import os
from pathlib import Path

import click

from archivist.cli import ArchivistGroup
from archivist.cli.migrate_cmd import print_summary
from archivist.config import load_config
from archivist.errors import ConfigError
from archivist.pipeline import migrate
from archivist.report import build_report, render_text
from archivist.store import open_store

SAMPLE = Path(__file__).resolve().parent.parent / "demo" / "sample"
DEMO_DB = "sqlite:///demo.db"


def sample_path() -> Path:
    if not SAMPLE.is_dir() or not any(p.is_file() for p in SAMPLE.rglob("*")):
        msg = (
            f"The demo sample archive is not at {SAMPLE}. Reinstall archivist (make install), "
            "or migrate your own export with `archivist migrate PATH`."
        )
        raise ConfigError(msg)
    return SAMPLE


@click.command()
@click.option(
    "--db", "db_url", metavar="URL", default=None, help="Default: $ARCHIVIST_DB, else sqlite:///demo.db."
)
@click.option("--no-serve", is_flag=True, help="Stop after the report instead of serving the site.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the site listens on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port of the site."
)
def demo(db_url: str | None, no_serve: bool, host: str, port: int) -> None:
    """Migrate the bundled sample archive (damaged flattened-text articles), print
    the report, then serve the new site at http://127.0.0.1:8000 (unless --no-serve).
    Running it again changes nothing: the migration is idempotent."""
    url = db_url or os.environ.get("ARCHIVIST_DB") or DEMO_DB
    config = load_config(db_url=url)
    from rich.console import Console

    summary = migrate([sample_path()], config)
    print_summary(summary, Console(highlight=False, soft_wrap=True))
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            click.echo()
            click.echo(render_text(build_report(conn, review_threshold=config.review_threshold)), nl=False)
    finally:
        engine.dispose()
    if no_serve:
        return
    serve = ArchivistGroup._load("serve")
    if serve is None:
        click.echo("The site is not part of this build yet: stopping after the report.")
        return
    # through the serve command's own options (DESIGN.md section 3), so both start the same site
    serve.main(
        ["--db", url, "--host", host, "--port", str(port)], prog_name="archivist serve", standalone_mode=False
    )
