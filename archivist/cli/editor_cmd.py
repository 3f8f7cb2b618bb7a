"""``archivist user`` (editor accounts) and ``archivist retrain`` (learn from editors)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archivist.cli.common import db_option, resolve_db

ROLE = click.Choice(["editor", "admin"])


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group()
def user() -> None:
    """Editor accounts: who may log in at /edit to fix articles."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=ROLE, default="editor", show_default=True, help="editor, or admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@db_option
def user_add(name: str, role: str, password_stdin: bool, db_url: str | None) -> None:
    """Create the account NAME; the password is asked twice (hidden) and stored as an argon2 hash."""
    from archivist.store import open_store
    from archivist.store.users import add_user

    password = _password(password_stdin)
    engine = open_store(resolve_db(db_url))
    with engine.begin() as conn:
        created = add_user(conn, name, password, role)
    engine.dispose()
    click.echo(f"User {created.name} ({created.role}) created; log in at /edit/login.")


@user.command("passwd")
@click.argument("name")
@click.option("--role", type=ROLE, default=None, help="Change the role too.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@db_option
def user_passwd(name: str, role: str | None, password_stdin: bool, db_url: str | None) -> None:
    """Set a new password for NAME (its open sessions end)."""
    from archivist.store import open_store
    from archivist.store.users import set_password

    password = _password(password_stdin)
    engine = open_store(resolve_db(db_url))
    with engine.begin() as conn:
        set_password(conn, name, password, role)
    engine.dispose()
    click.echo(f"Password of {name} changed; its sessions were ended.")


@user.command("list")
@db_option
def user_list(db_url: str | None) -> None:
    """List the accounts with their roles."""
    from archivist.store import open_store
    from archivist.store.users import list_users

    engine = open_store(resolve_db(db_url))
    with engine.connect() as conn:
        found = list_users(conn)
    engine.dispose()
    for account in found:
        click.echo(f"{account.name}\t{account.role}\t{account.created_at:%Y-%m-%d}")


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the block-role model (JSON). Default: roles-model.json next to a SQLite "
    "database, else in the current folder.",
)
def retrain(db_url: str | None, out: Path | None) -> None:
    """Refit the block-role model on editors' corrections (labelled examples from their
    revisions); the text recovery consults it when $ARCHIVIST_ROLE_MODEL names the file."""
    from archivist.editor.training import default_model_path, retrain_from_store

    url = resolve_db(db_url)
    path = out or default_model_path(url)
    result = retrain_from_store(url, path)
    click.echo(
        f"Learned from {result.examples} labelled blocks ({result.corrected} corrected by editors) "
        f"in {result.articles} articles; training accuracy {result.accuracy:.3f}."
    )
    click.echo(f"Model written to {path}; set ARCHIVIST_ROLE_MODEL={path} to use it in recover/migrate.")
