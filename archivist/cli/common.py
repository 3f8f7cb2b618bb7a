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


def resolve_db(db_url: str | None) -> str:
    return db_url or default_db_url()
