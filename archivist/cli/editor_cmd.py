"""``archivist user`` (accounts), ``archivist retrain`` (learn from editors), ``archivist conflicts``."""

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
    help="Where to write the learned model (JSON). Default: learned-model.json next to a SQLite "
    "database, else in the current folder.",
)
def retrain(db_url: str | None, out: Path | None) -> None:
    """Refit what recovery learns from editors on their corrections (labelled examples).

    The role changes, kicker/title boundaries, glued words split or joined and
    boilerplate lines removed that editors published become patterns with their votes,
    and a block-role model is fitted on the blocks they checked. Recovery applies the
    model when --model, learned_model in the config or $ARCHIVIST_MODEL names the file;
    `archivist eval GOLD --model FILE` shows the change.
    """
    from archivist.editor.training import default_model_path, retrain_from_store

    url = resolve_db(db_url)
    path = out or default_model_path(url)
    result = retrain_from_store(url, path)
    click.echo(
        f"Learned from {result.examples} labelled examples in {result.articles} articles: "
        f"{result.patterns} patterns kept, {result.dropped} contradicted by other editors and left out."
    )
    click.echo(f"Block roles fitted on {result.role_blocks} blocks; training accuracy {result.accuracy:.3f}.")
    click.echo(f"Model written to {path}; use it with --model {path} (or ARCHIVIST_MODEL={path}).")


@click.group()
def conflicts() -> None:
    """Re-run conflicts: articles whose legacy source changed after an editor revised them."""


@conflicts.command("list")
@click.option("--all", "show_all", is_flag=True, help="List the settled conflicts too.")
@db_option
def conflicts_list(show_all: bool, db_url: str | None) -> None:
    """List the conflicts waiting for an editor (id, legacy id, article, reported, status)."""
    from archivist.store import open_store
    from archivist.store.conflicts import list_conflicts

    engine = open_store(resolve_db(db_url))
    with engine.connect() as conn:
        found = list_conflicts(conn, status=None if show_all else "open", limit=10_000)
    engine.dispose()
    for c in found:
        settled = f"{c.status} by {c.settled_by}" if c.settled_by else c.status
        click.echo(f"{c.id}\t{c.legacy_id}\tarticle {c.article_id}\t{c.created_at:%Y-%m-%d %H:%M}\t{settled}")
    if not found:
        click.echo("No open conflicts." if not show_all else "No conflicts.")


@conflicts.command("settle")
@click.argument("conflict_id", type=int)
@click.option("--keep", "action", flag_value="keep", help="Keep the editor's version.")
@click.option(
    "--take", "action", flag_value="take", help="Take the new source (a new revision in your name)."
)
@click.option("--editor", "editor", required=True, help="Who settles it: an editor account name.")
@db_option
def conflicts_settle(conflict_id: int, action: str | None, editor: str, db_url: str | None) -> None:
    """Settle CONFLICT_ID: --keep the editor's version or --take the new source.

    To merge by hand, open /edit/conflicts/ID in the editor.
    """
    from archivist.editor.conflicts import keep_editor, take_source
    from archivist.store import open_store
    from archivist.store.users import get_user

    if action is None:
        msg = "say how: --keep (the editor's version) or --take (the new source)."
        raise click.UsageError(msg)
    engine = open_store(resolve_db(db_url))
    try:
        with engine.begin() as conn:
            account = get_user(conn, editor)
            if account is None:
                msg = f"{editor!r} is not an editor account: `archivist user list` shows them."
                raise click.BadParameter(msg, param_hint="--editor")
            settled = (keep_editor if action == "keep" else take_source)(conn, conflict_id, account.name)
    finally:
        engine.dispose()
    click.echo(
        f"Conflict {settled.id} ({settled.legacy_id}) settled: {settled.status} by {settled.settled_by}."
    )
