"""``archivist template``: learn a legacy site's template, check how many pages fit it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import click

from archivist.model import LegacyRecord
from archivist.recover.html_meta import decode_html
from archivist.sources import read_paths
from archivist.templates import load_template, template_to_toml
from archivist.templates.apply import apply_template
from archivist.templates.learn import learn_template

FORMATS = ("auto", "html", "warc")


def _pages(paths: tuple[str, ...], fmt: str) -> Iterator[LegacyRecord]:
    for item in read_paths(paths, fmt):
        if isinstance(item, LegacyRecord) and item.format == "html":
            yield item


def sample_pages(paths: tuple[str, ...], fmt: str, size: int, seed: int = 0) -> tuple[list[str], int]:
    """A reservoir sample of ``size`` pages (same input, same sample) and the pages seen."""
    rng = random.Random(seed)
    sample: list[bytes] = []
    seen = 0
    for record in _pages(paths, fmt):
        seen += 1
        if len(sample) < size:
            sample.append(record.raw)
        else:
            slot = rng.randrange(seen)
            if slot < size:
                sample[slot] = record.raw
    return [decode_html(raw) for raw in sample], seen


@click.group()
def template() -> None:
    """Learn the template of a legacy site from its pages, instead of writing selectors."""


@template.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="TOML file to write.")
@click.option(
    "--sample", type=click.IntRange(min=2), default=50, show_default=True, help="Pages to learn from."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
def learn(paths: tuple[str, ...], out: str, sample: int, fmt: str) -> None:
    """Learn a site template from HTML pages or a WARC crawl and write it as TOML.

    Pages are grouped by structure; nodes that stay the same on every page
    (navigation, ads, footer) are template, nodes that vary are content. Kicker and
    title are cross-checked with <title>, og:title and JSON-LD. Read the file, adjust
    any selector, then run `archivist migrate PATHS --template FILE`.
    """
    pages, seen = sample_pages(paths, fmt, sample)
    if len(pages) < 2:
        msg = f"Found {len(pages)} HTML page(s) under {', '.join(paths)}; a template needs at least 2."
        raise click.ClickException(msg)
    learned = learn_template(pages, site=Path(paths[0]).name)
    Path(out).write_text(template_to_toml(learned), encoding="utf-8")
    click.echo(f"Learned from {learned.pages} of {len(pages)} sampled pages ({seen} pages read).")
    for name, rule in learned.fields.items():
        click.echo(f"  {name:<15}{rule.selector}")
    if learned.drop:
        click.echo(f"  {'dropped':<15}{', '.join(learned.drop)}")
    missing = [name for name in ("title", "body") if name not in learned.fields]
    if missing:
        msg = f"No {' or '.join(missing)} found. Add the selectors to {out} by hand, then check it."
        raise click.ClickException(msg)
    click.echo(f"Wrote {out}. Check it with `archivist template check PATHS --template {out}`.")


@template.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--template", "template_path", type=click.Path(exists=True, dir_okay=False), required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
def check(paths: tuple[str, ...], template_path: str, fmt: str) -> None:
    """Count the pages a template fits; the others would fall back to generic extraction."""
    learned = load_template(template_path)
    fits = misses = 0
    missed: list[str] = []
    for record in _pages(paths, fmt):
        if apply_template(decode_html(record.raw), learned) is None:
            misses += 1
            if len(missed) < 10:
                missed.append(record.origin + (f" ({record.position})" if record.position else ""))
        else:
            fits += 1
    click.echo(f"{fits} of {fits + misses} pages fit the template; {misses} would fall back.")
    for where in missed:
        click.echo(f"  does not fit: {where}")
