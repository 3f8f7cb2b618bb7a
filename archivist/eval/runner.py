"""Run the fidelity eval: damage gold articles, recover them, score per damage kind.

Scenarios: ``clean`` (the undamaged rendering: any change is a false repair), each
damage kind alone (scored on the articles it actually changes), and ``all`` (every
kind drawn at its realistic rate). Each scenario is scored for every system in
:data:`SYSTEMS`: archivist's own recovery and the naive baseline (first line = title,
every other line = paragraph), side by side so the gain shows. :func:`model_system`
adds archivist with a learned model (``archivist retrain``), to show what editors'
corrections changed: before retrain and after, on the same articles.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from archivist.errors import ArchiveError, ConfigError
from archivist.eval.damage import DAMAGES, damage, drawn_kinds, render_clean, resolve_kinds
from archivist.eval.gold import GoldArticle
from archivist.eval.metrics import Tally
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.recover.archive import ArchiveVocabulary

# a system turns (legacy id, legacy text) into what recovery made of it; one that takes a
# third argument also gets the vocabulary of the scenario's archive (None: none counted)
System = Callable[..., Processed]


def takes_archive(system: System) -> bool:
    """Does ``system`` take the archive's vocabulary as a third argument?"""
    try:
        parameters = list(inspect.signature(system).parameters.values())
    except (TypeError, ValueError):  # a builtin or C callable: the two arguments only
        return False
    return len(parameters) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in parameters)


def _record(legacy_id: str, text: str) -> LegacyRecord:
    return LegacyRecord(legacy_id, "text", text.encode("utf-8"), origin=f"{legacy_id}.txt")


def archive_vocabulary(texts: Iterable[tuple[str, str]]) -> ArchiveVocabulary:
    """The vocabulary of the ``(legacy id, legacy text)`` records of one scenario: the
    first pass a migration makes over its archive (:mod:`archivist.vocabulary`)."""
    build = importlib.import_module("archivist.vocabulary").build_vocabulary
    vocabulary: ArchiveVocabulary = build(_record(legacy_id, text) for legacy_id, text in texts)
    return vocabulary


def recover_baseline(legacy_id: str, text: str) -> Processed:
    """The naive baseline: first line = title, every other non-empty line = paragraph.

    >>> recover_baseline("x", "Titre\\nUn.\\n\\nDeux.\\n").article.blocks[1].text
    'Deux.'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0] if lines else ""
    blocks = tuple(Block(Role.PARAGRAPH, line) for line in lines[1:])
    return Processed(Article(legacy_id, title, blocks=blocks))


def recover_archivist(legacy_id: str, text: str, archive: ArchiveVocabulary | None = None, /) -> Processed:
    """archivist's pipeline on a flattened-text record: recovery and repairs."""
    process = importlib.import_module("archivist.process")
    processed: Processed = process.process_record(_record(legacy_id, text), None, archive)
    return processed


def model_system(path: str) -> System:
    """archivist's pipeline with the learned model at ``path`` (checked now, not per article)."""
    process = importlib.import_module("archivist.process")
    config = importlib.import_module("archivist.config").MigrationConfig(learned_model=path)
    importlib.import_module("archivist.editor.learned").load_model(path)

    def recover_learned(legacy_id: str, text: str, archive: ArchiveVocabulary | None = None, /) -> Processed:
        processed: Processed = process.process_record(_record(legacy_id, text), config, archive)
        return processed

    return recover_learned


def archivist_available() -> bool:
    try:
        module = importlib.import_module("archivist.process")
    except ModuleNotFoundError:
        return False
    return hasattr(module, "process_record")


SYSTEMS: dict[str, System] = {"archivist": recover_archivist, "baseline": recover_baseline}


def default_systems() -> list[str]:
    return list(SYSTEMS) if archivist_available() else ["baseline"]


@dataclass
class Scenario:
    """One row of the report: a damage scenario scored for each system."""

    name: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)  # system -> "id: error"


def scenario_names(kinds: Sequence[str]) -> list[str]:
    """``clean``, then each requested kind alone, then ``all`` (``all`` means every kind)."""
    names = resolve_kinds(kinds)
    singles = list(DAMAGES) if "all" in names else [n for n in DAMAGES if n in names]
    return ["clean", *singles, *(["all"] if "all" in names else [])]


def _recover(
    system: System,
    name: str,
    item: GoldArticle,
    text: str,
    scenario: Scenario,
    archive: ArchiveVocabulary | None,
) -> Processed:
    try:
        processed: Processed = (
            system(item.id, text, archive) if archive is not None else system(item.id, text)
        )
        return processed
    except ArchiveError as exc:  # a quarantined record scores as an empty article
        scenario.failures.setdefault(name, []).append(f"{item.id}: {exc}")
    except Exception as exc:  # a crash is a bug: reported, scored empty, the eval goes on
        scenario.failures.setdefault(name, []).append(f"{item.id}: crash {type(exc).__name__}: {exc}")
    return Processed(Article(item.id, ""))


def run_eval(
    gold: Sequence[GoldArticle],
    kinds: Sequence[str] = ("all",),
    seed: int = 0,
    systems: Sequence[str] | Mapping[str, System] | None = None,
    *,
    vocabulary: bool = True,
) -> list[Scenario]:
    """Score every system on every scenario; pure apart from the systems themselves.

    ``systems``: names from :data:`SYSTEMS`, or a mapping of name to system (in the
    order the report shows them); default: archivist and the baseline.
    ``vocabulary``: first count the vocabulary of each scenario's archive (every gold
    article as that scenario renders it) and give it to the systems, as a migration
    would (``archivist vocabulary``); False: each article's words alone.
    """
    if isinstance(systems, Mapping):
        table: Mapping[str, System] = systems
    else:
        for name in systems or ():
            if name not in SYSTEMS:
                msg = f"System {name!r} is not known. Use one of: {', '.join(SYSTEMS)}."
                raise ConfigError(msg)
        table = {name: SYSTEMS[name] for name in (systems or default_systems())}
    chosen = list(table)
    clean_texts = {item.id: render_clean(item.article) for item in gold}
    scenarios: list[Scenario] = []
    for scenario_name in scenario_names(kinds):
        scenario = Scenario(scenario_name, {name: Tally() for name in chosen})
        texts = {
            item.id: clean_texts[item.id]
            if scenario_name == "clean"
            else damage(item.article, (scenario_name,), seed)
            for item in gold
        }
        archive = (
            archive_vocabulary(texts.items())
            if vocabulary and any(map(takes_archive, table.values()))
            else None
        )
        for item in gold:
            applied: tuple[str, ...] = ()
            text = texts[item.id]
            if scenario_name != "clean":
                applied = drawn_kinds(item.article, (scenario_name,), seed)
                if text == clean_texts[item.id] and scenario_name != "all":
                    continue  # this kind has nothing to damage here (no kicker, no caption…)
            byline_rendered = "byline_promo" in applied and bool(item.article.byline)
            for name in chosen:
                given = archive if takes_archive(table[name]) else None
                processed = _recover(table[name], name, item, text, scenario, given)
                steps = len(processed.steps) if scenario_name == "clean" else 0
                scenario.tallies[name].add(item.article, processed.article, steps, byline_rendered)
        scenarios.append(scenario)
    return scenarios
