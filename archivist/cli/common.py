"""Options and helpers shared by the commands (kept tiny: commands stay thin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from archivist.config import default_db_url

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """``--db URL``: defaults to $ARCHIVIST_DB, else sqlite:///archive.db."""
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="Database URL (sqlite:///FILE or postgresql://USER@HOST/DB). Default: $ARCHIVIST_DB, "
        "else sqlite:///archive.db.",
    )(func)


FORMATS = ("auto", "text", "html", "swissdox", "wxr", "nitf", "ninjs", "jsonl", "warc")
LANGUAGES = ("auto", "fr", "de", "en")
TEMPLATE_HELP = "Site template for legacy HTML (learn one with `archivist template learn`)."


def file_option(*names: str, help: str) -> Callable[[F], F]:
    """An option naming an existing file (a template, a model, a vocabulary, a config)."""
    return click.option(*names, type=click.Path(exists=True, dir_okay=False), default=None, help=help)


def reading_options(func: F) -> F:
    """``--format``, ``--lang`` and ``--template`` of the commands that read exports
    themselves (``recover``, ``vocabulary``): auto-detection by default."""
    func = file_option("--template", help=TEMPLATE_HELP)(func)
    func = click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default="auto",
        show_default=True,
        help="Article language; auto detects it per article.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="auto",
        show_default=True,
        help="Legacy export format; auto detects it per file.",
    )(func)


def resolve_db(db_url: str | None) -> str:
    return db_url or default_db_url()
