"""``archivist migrate``: legacy exports into the store, with a reconciled summary."""

from __future__ import annotations

import sys
from collections.abc import Mapping

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from archivist.cli.common import FORMATS, LANGUAGES, TEMPLATE_HELP, db_option, file_option
from archivist.config import load_config
from archivist.editor.learned import load_model
from archivist.media import MediaProcessor, media_root
from archivist.pipeline import RunSummary
from archivist.pipeline import migrate as run_migrate
from archivist.templates import load_template
from archivist.vocabulary import load_vocabulary

SUMMARY_ROWS = (  # (label, RunSummary attribute): the order of the reconciliation
    ("migrated", "created"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("conflicts", "conflicts"),
    ("quarantined", "quarantined"),
    ("skipped", "skipped"),
)


def summary_lines(summary: RunSummary) -> list[str]:
    """The end-of-run summary: one outcome per line, then the reconciliation."""
    run = "Dry run (nothing written)" if summary.dry_run else f"Run {summary.run_id}"
    lines = [f"{run} {summary.status}", f"  {'records read':<14}{summary.read:>8}"]
    lines += [f"  {label:<14}{getattr(summary, attr):>8}" for label, attr in SUMMARY_ROWS]
    terms = " + ".join(str(getattr(summary, attr)) for _, attr in SUMMARY_ROWS)
    if summary.balanced:
        lines.append(f"  read {summary.read} = {terms}: every record is accounted for")
    else:
        lines.append(
            f"  read {summary.read} != {terms}: {summary.read - summary.accounted} records unaccounted for"
        )
    if summary.text_lost:  # archivist.conservation: words of the legacy text that went missing
        lines.append(
            f"  text check: {summary.text_lost} articles lack words of their legacy text "
            "(finding 'text-lost'; `archivist report` lists them)"
        )
    return lines


def print_summary(summary: RunSummary, console: Console) -> None:
    for number, line in enumerate(summary_lines(summary)):
        style = None
        if "unaccounted" in line or (number == 0 and summary.status != "finished"):
            style = "bold red"
        elif line.lstrip().startswith("quarantined") and summary.quarantined:
            style = "yellow"
        console.print(line, style=style, highlight=False, markup=False)
    for note in summary.notes[:10]:
        console.print(f"  · {note}", style="dim", highlight=False, markup=False)
    if summary.quarantined:
        console.print(
            "  `archivist quarantine list` shows why; `archivist quarantine retry` tries them again.",
            highlight=False,
            markup=False,
        )
    if summary.diffs:  # dry runs: what the migration would change, for a sample
        console.print("Sample of changes (stored -> after migration):", highlight=False, markup=False)
        for diff in summary.diffs:
            console.print(diff, highlight=False, markup=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None, help="Legacy export format (default: auto)."
)
@click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default=None, help="Article language (default: auto)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for the local engine (default: one per CPU core; 1 = in-process).",
)
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default=None, help="Run engine (default local)."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Dask scheduler (e.g. tcp://10.0.0.5:8786) for --engine dask; default: a local cluster.",
)
@click.option("--dry-run", is_flag=True, default=None, help="Classify every record and write nothing.")
@file_option("--template", help=TEMPLATE_HELP)
@click.option(
    "--media",
    "media_folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding the images the records reference (repeatable). Images are copied into the "
    "site's media store (beside a SQLite file), deduplicated; each missing image is reported per article. "
    "uploads/, wp-content/uploads/, media/ and images/ next to an export and WARC crawls are searched too.",
)
@file_option(
    "--model",
    help="Learned model (archivist retrain) applied after the rules; default: learned_model in the "
    "config, else $ARCHIVIST_MODEL, else none.",
)
@file_option(
    "--vocabulary",
    help="The archive's vocabulary (archivist vocabulary EXPORT… -o FILE): the glued-word repair "
    "weighs what the archive's other records write; default: vocabulary in the config, else none.",
)
@file_option("--config", "config_file", help="TOML file with an [archivist] table.")
def migrate(
    paths: tuple[str, ...],
    db_url: str | None,
    fmt: str | None,
    language: str | None,
    workers: int | None,
    engine: str | None,
    scheduler: str | None,
    dry_run: bool | None,
    template: str | None,
    media_folders: tuple[str, ...],
    model: str | None,
    vocabulary: str | None,
    config_file: str | None,
) -> None:
    """Migrate legacy exports (files or folders) into the archive database.

    Re-running the same export changes nothing; a changed record gets a new
    revision unless an editor revised the article (then it is reported as a
    conflict and the editor's revision stays). Unusable records are quarantined
    with the reason and the run goes on.

    Exit status: 0 when every record read is accounted for (migrated, updated,
    unchanged, conflict, quarantined or skipped as a duplicate), even if some were
    quarantined; 1 when the run was interrupted, failed, or does not balance;
    2 for bad usage.
    """
    config = load_config(
        config_file,
        db_url=db_url,
        format=fmt,
        language=language,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        dry_run=dry_run or None,
        template=template,
        learned_model=model,
        vocabulary=vocabulary,
    )
    if config.template:
        load_template(config.template)  # a broken template stops here, not on every page
    if config.learned_model:
        load_model(config.learned_model)  # a broken model stops here, not on every record
    if config.vocabulary:
        load_vocabulary(config.vocabulary)  # a broken file stops here, not on every record
    err = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} records"),
        TextColumn("[green]{task.fields[ok]} stored[/] [yellow]{task.fields[quarantined]} quarantined[/]"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("migrating", total=None, ok=0, quarantined=0)

        def advance(_outcome: str, counts: Mapping[str, int]) -> None:
            stored = counts["created"] + counts["updated"] + counts["unchanged"]
            progress.update(task, completed=counts["read"], ok=stored, quarantined=counts["quarantined"])

        processor = MediaProcessor(str(media_root(config.db_url)), media_folders)
        summary = run_migrate(list(paths), config, progress=advance, processor=processor)
    print_summary(summary, Console(file=sys.stdout, highlight=False, soft_wrap=True))
    if summary.status != "finished" or not summary.balanced:
        raise SystemExit(1)
