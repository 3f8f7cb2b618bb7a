"""``archivist export``: the store's published articles in another format."""

from __future__ import annotations

import click

from archivist.cli.common import db_option, resolve_db
from archivist.config import load_config
from archivist.exports.run import FORMATS


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.argument("out", type=click.Path(dir_okay=True, writable=True))
@db_option
@click.option(
    "--base-url", default=None, help="Absolute URL of the new site (default: the config's base_url)."
)
def export(fmt: str, out: str, db_url: str | None, base_url: str | None) -> None:
    """Export every published article: ninjs 3.0 (JSON Lines), NITF (a folder of
    documents), WXR (one file for the WordPress Importer), Markdown (a folder with
    front matter) or redirect maps from every old URL (nginx map, CSV)."""
    from archivist.exports.run import export_archive
    from archivist.store import open_store

    config = load_config()
    engine = open_store(resolve_db(db_url))
    try:
        summary = export_archive(
            engine, fmt, out, base_url=base_url or config.base_url, site_name=config.site_name
        )
    finally:
        engine.dispose()
    noun = "redirects" if fmt.startswith("redirects") else "articles"
    click.echo(f"Exported {summary.count} {noun} as {fmt} to {summary.out}")
