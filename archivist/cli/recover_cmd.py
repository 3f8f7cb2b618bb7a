"""``archivist recover``: legacy exports to ninjs 3.0 JSON Lines, no database needed."""

from __future__ import annotations

import json
import sys

import click

from archivist.cli.common import file_option, reading_options
from archivist.config import MigrationConfig
from archivist.editor.learned import load_model
from archivist.errors import ArchiveError, FormatNotDetected
from archivist.exports.ninjs import to_ninjs
from archivist.model import ReadFailure
from archivist.process import process_record
from archivist.sources import read_paths
from archivist.templates import load_template
from archivist.vocabulary import load_vocabulary


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@reading_options
@file_option("--model", help="Learned model (archivist retrain): apply what editors taught after the rules.")
@file_option(
    "--vocabulary",
    help="The archive's vocabulary (archivist vocabulary): the glued-word repair weighs what "
    "the archive's other records write.",
)
def recover(
    paths: tuple[str, ...],
    fmt: str,
    lang: str,
    template: str | None,
    model: str | None,
    vocabulary: str | None,
) -> None:
    """Recover the news structure of legacy exports and print it as ninjs 3.0.

    Reads every file under PATH... (folders recursively, .gz transparently), splits
    kicker, title, lead, subheads, captions, bylines and fact boxes apart, repairs the
    layout damage, and prints one ninjs 3.0 JSON object per article on stdout (JSON
    Lines), in the order of the inputs. Records that cannot be recovered are reported
    on stderr with the reason; the exit code is then 1.

    Example: archivist recover /work/shared/seed/syrie-alep.txt
    """
    config = MigrationConfig(
        format=fmt,
        language=lang,
        template=template or "",
        learned_model=model or "",
        vocabulary=vocabulary or "",
    )
    if config.vocabulary:
        load_vocabulary(config.vocabulary)  # a broken file stops here, not on every record
    if config.learned_model:
        load_model(config.learned_model)  # a broken model stops here, not on every record
    if config.template:
        load_template(config.template)  # a broken template stops here, not on every page
    failed = 0
    out = sys.stdout  # written as a stream: click.echo flushes every line
    try:
        for item in read_paths(paths, fmt):
            if isinstance(item, ReadFailure):
                failed += 1
                click.echo(f"{item.legacy_id}: {item.error}: {item.reason}", err=True)
                continue
            try:
                processed = process_record(item, config)
            except ArchiveError as exc:
                failed += 1
                click.echo(f"{item.legacy_id}: {type(exc).__name__}: {exc}", err=True)
                continue
            out.write(json.dumps(to_ninjs(processed.article), ensure_ascii=False) + "\n")
    except FormatNotDetected as exc:
        raise click.BadParameter(str(exc), param_hint="PATH") from exc
    finally:
        out.flush()
    if failed:
        raise click.exceptions.Exit(1)
