"""The ``archivist`` command: a thin layer over the library.

Each command lives in its own module under ``archivist.cli`` and is loaded only when
it runs, so ``archivist recover`` does not import the web stack. ``ArchiveError`` is
translated to a ``ClickException`` (exit 1) once, in :class:`ArchivistGroup`.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from archivist import __version__
from archivist.errors import ArchiveError

# command name -> "module:attribute"; one row per command (DESIGN.md section 3)
COMMANDS: dict[str, str] = {
    "recover": "archivist.cli.recover_cmd:recover",
    "migrate": "archivist.cli.migrate_cmd:migrate",
    "vocabulary": "archivist.cli.vocabulary_cmd:vocabulary",
    "status": "archivist.cli.report_cmd:status",
    "report": "archivist.cli.report_cmd:report",
    "runs": "archivist.cli.report_cmd:runs",
    "quarantine": "archivist.cli.quarantine_cmd:quarantine",
    "rollback": "archivist.cli.rollback_cmd:rollback",
    "demo": "archivist.cli.demo_cmd:demo",
    "serve": "archivist.cli.site_cmd:serve",
    "build-site": "archivist.cli.site_cmd:build_site",
    "export": "archivist.cli.export_cmd:export",
    "eval": "archivist.cli.eval_cmd:eval_command",
    "eval-extraction": "archivist.cli.eval_cmd:eval_extraction",
    "template": "archivist.cli.template_cmd:template",
    "user": "archivist.cli.editor_cmd:user",
    "retrain": "archivist.cli.editor_cmd:retrain",
    "conflicts": "archivist.cli.editor_cmd:conflicts",
}


class ArchivistGroup(click.Group):
    """Loads commands lazily and translates library errors at the edge."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that command is not part of this build yet
                return None
            raise
        command: click.Command | None = getattr(module, attr, None)  # None: not written yet
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=ArchivistGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archivist")
def main() -> None:
    """Move a newsroom's legacy archive to a new site without layout damage.

    Recover the news structure of legacy exports (kicker, title, lead, subheads,
    captions, bylines, fact boxes), repair the damage with named and explained
    steps, store it with full provenance, publish it, and keep repairing it with
    readers' reports. Start with `archivist demo`, or `archivist recover FILE`.
    """
