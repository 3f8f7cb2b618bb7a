"""``archivist eval`` and ``archivist eval-extraction``: fidelity measured, printed."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archivist.eval.damage import DAMAGES


@click.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--damage",
    "kinds",
    multiple=True,
    default=("all",),
    show_default=True,
    type=click.Choice(["all", *DAMAGES]),
    help="Damage kind to score (repeatable); all = every kind alone plus the realistic mix.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the damage model.")
@click.option(
    "--split",
    type=click.Choice(["all", "train", "heldout"]),
    default="all",
    show_default=True,
    help="Gold articles to score (heldout = the 30% no rule was written against).",
)
@click.option(
    "--language", "languages", multiple=True, help="Score only gold articles in this language (repeatable)."
)
@click.option(
    "--model",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A learned model (archivist retrain): adds a +mdl row, archivist with it (after retrain).",
)
@click.option(
    "--previous-model",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The model the ours rows use (before retrain); default: none, the rules alone.",
)
@click.option(
    "--vocabulary/--no-vocabulary",
    default=True,
    show_default=True,
    help="Count each scenario's archive vocabulary first (all its damaged articles, as "
    "`archivist vocabulary` does for an export) and recover with it; --no-vocabulary: each "
    "article's own words alone.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (for BENCHMARKS.md).")
def eval_command(
    gold: tuple[Path, ...],
    kinds: tuple[str, ...],
    seed: int,
    split: str,
    languages: tuple[str, ...],
    model: str | None,
    previous_model: str | None,
    vocabulary: bool,
    as_json: bool,
    markdown: bool,
) -> None:
    """Damage the GOLD articles, recover them and score each field, per damage kind.

    Prints archivist's scores beside a naive baseline (first line = title, every
    other line = paragraph). With --model, a third row per scenario scores archivist
    with the learned model, so the change retraining made shows beside the scores
    before it. GOLD is corpus/gold or any gold JSON files.
    """
    from archivist.eval.gold import load_gold
    from archivist.eval.report import render_markdown, render_table, to_json
    from archivist.eval.runner import SYSTEMS, model_system, run_eval

    articles = [a for a in load_gold(gold, split) if not languages or a.article.language in languages]
    if not articles:
        msg = f"no gold articles in the {split} split of these paths" + (
            f" in {', '.join(languages)}." if languages else "."
        )
        raise click.BadParameter(msg, param_hint="GOLD")
    systems = {"archivist": model_system(previous_model) if previous_model else SYSTEMS["archivist"]}
    if model:
        systems["retrained"] = model_system(model)
    systems["baseline"] = SYSTEMS["baseline"]
    scenarios = run_eval(articles, kinds, seed, systems, vocabulary=vocabulary)
    if as_json:
        meta = {
            "seed": seed,
            "split": split,
            "languages": sorted({a.article.language for a in articles}),
            "damage": list(kinds),
            "articles": len(articles),
            "model": model or "",
            "previous_model": previous_model or "",
            "vocabulary": vocabulary,
        }
        click.echo(json.dumps(to_json(scenarios, meta), ensure_ascii=False, indent=2))
    elif markdown:
        click.echo(render_markdown(scenarios))
    else:
        langs = ", ".join(sorted({a.article.language for a in articles}))
        click.echo(f"{len(articles)} gold articles ({split} split; {langs}), seed {seed}")
        if model:
            before = f"with {previous_model}" if previous_model else "the rules alone"
            click.echo(f"ours = {before} (before retrain); +mdl = with {model} (after retrain)")
        click.echo(render_table(scenarios))


@click.command("eval-extraction")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--extractor", "names", multiple=True, help="Extractor to score (repeatable); default: all available."
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N pages.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
def eval_extraction(directory: Path, names: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """Score main-content extraction on the article-extraction benchmark in DIRECTORY.

    F1 over 4-word shingles as the benchmark computes it, with pages per second,
    for archivist's HTML path and trafilatura side by side.
    """
    from archivist.eval.extraction import EXTRACTORS, evaluate_extraction

    for name in names:
        if name not in EXTRACTORS:
            msg = f"{name!r}; use one of {', '.join(EXTRACTORS)}."
            raise click.BadParameter(msg, param_hint="--extractor")
    scores = evaluate_extraction(directory, names or None, limit)
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in scores], indent=2))
        return
    click.echo(f"{'extractor':<18} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for s in scores:
        scores_text = f"{s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.pages_per_second:>8.1f}"
        click.echo(f"{s.name:<18} {s.pages:>5} {scores_text}")
