"""``archivist vocabulary``: count an archive's words once, for ``--vocabulary``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from archivist.cli.common import reading_options
from archivist.config import MigrationConfig
from archivist.errors import FormatNotDetected
from archivist.sources import Item, read_paths
from archivist.templates import load_template
from archivist.vocabulary import build_vocabulary


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The vocabulary file to write (JSON).",
)
@reading_options
def vocabulary(paths: tuple[str, ...], output: Path, fmt: str, lang: str, template: str | None) -> None:
    """Count the vocabulary of a whole archive, for `migrate`/`recover --vocabulary FILE`.

    Parses every record under PATH... (no repair) and writes to FILE, per language, in
    how many records each word is written, and each pair of short words side by side.
    With it, the glued-word repair weighs what the archive's other records write: a word
    glued in one article (ofa, vapingafter) is written apart in many others, a real word
    the lexicon misses is written whole in others too. Give it the whole archive.

    Example: archivist vocabulary exports/ -o words.json
    """
    config = MigrationConfig(format=fmt, language=lang, template=template or "")
    if config.template:
        load_template(config.template)  # a broken template stops here, not on every page
    err = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("counting words"),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("counting", total=None)

        def ticking(items: Iterable[Item]) -> Iterator[Item]:
            for item in items:
                yield item
                progress.advance(task)

        left_out: list[str] = []

        def skipped(where: str, why: str) -> None:
            left_out.append(where)
            progress.console.print(
                f"{where}: {why} (left out of the counts)", markup=False, highlight=False, soft_wrap=True
            )

        try:
            archive = build_vocabulary(ticking(read_paths(paths, fmt)), config, skipped)
        except FormatNotDetected as exc:
            raise click.BadParameter(str(exc), param_hint="PATH") from exc
    output.write_text(archive.to_json(), encoding="utf-8")
    counted = ", ".join(f"{lang} {n}" for lang, n in sorted(archive.records.items())) or "none"
    words = sum(len(counts) for counts in archive.words.values())
    click.echo(f"{output}: {words} words from {sum(archive.records.values())} records ({counted})")
    if left_out:
        click.echo(
            f"{len(left_out)} records could not be read or parsed and are left out (listed on stderr); "
            "migrate will quarantine them with the same reasons."
        )
