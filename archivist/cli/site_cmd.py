"""``archivist serve`` and ``archivist build-site``: the new site, live or as static files."""

from __future__ import annotations

from pathlib import Path

import click

from archivist.cli.common import db_option, resolve_db
from archivist.config import load_config


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Site config (TOML)."
)
@click.option("--access-log", is_flag=True, help="Log every request (off by default: it costs throughput).")
def serve(db_url: str | None, host: str, port: int, config_path: str | None, access_log: bool) -> None:
    """Publish the migrated archive: article pages with the import notice, old URLs
    redirected (301), search, feeds, sitemaps and reader error reports."""
    from archivist.site.app import serve as run

    config = load_config(config_path, db_url=resolve_db(db_url))
    click.echo(f"Serving {config.site_name} at http://{host}:{port} (Ctrl-C stops).")
    run(config, host=host, port=port, access_log=access_log)


@click.command("build-site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Site config (TOML)."
)
@click.option("--base-url", default=None, help="Absolute URL the files will be served at (canonical links).")
def build_site(out: Path, db_url: str | None, config_path: str | None, base_url: str | None) -> None:
    """Render the whole archive to static files in OUT, with redirect maps for nginx
    (redirects.nginx.conf) and Apache (redirects.apache.conf + .map): any web server or
    CDN can then serve it without Python."""
    from archivist.site.build import build_site as build

    config = load_config(config_path, db_url=resolve_db(db_url), base_url=base_url)
    summary = build(config, out)
    click.echo(
        f"Wrote {summary.articles} articles, {summary.pages} list pages and "
        f"{summary.redirects} redirects ({summary.gone} gone) to {out}"
    )
