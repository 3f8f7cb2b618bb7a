"""One legacy record to a repaired, scored article: parse, repair, assess.

``process_record`` is what every engine (local, Dask) and ``archivist recover`` call
per record. It is pure and deterministic: the same record and config always give the
same :class:`~archivist.model.Processed`.

The confidence score starts at 1 and loses the penalty of each finding (table
:data:`PENALTIES`); articles under ``review_threshold`` go to the editors' queue.
"""

from __future__ import annotations

from dataclasses import replace

from archivist.config import MigrationConfig
from archivist.editor.learned import apply_learned_model
from archivist.errors import StructureNotFound
from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, Role, Severity
from archivist.recover import parse_record
from archivist.recover.archive import ArchiveVocabulary
from archivist.recover.glue import vocabulary, word_glues
from archivist.recover.lang import detect_language
from archivist.repairs import apply_repairs
from archivist.repairs.splitting import article_text
from archivist.vocabulary import load_vocabulary

__all__ = ["PENALTIES", "apply_repairs", "assess", "confidence", "process_record"]

# finding code -> confidence penalty (why a person may want to look at the article)
PENALTIES: dict[str, float] = {
    "no-title": 0.5,  # nothing to show as headline
    "no-body": 0.4,  # no paragraph recovered
    "title-looks-glued": 0.25,  # no kicker split but the title still holds a glue
    "long-kicker": 0.15,  # a kicker this long is probably part of the title
    "long-title": 0.2,  # a title this long probably swallowed the lead
    "long-subhead": 0.1,  # per subhead that may be a paragraph
    "missing-lead": 0.1,
    "one-line-body": 0.1,  # the body had to be cut out of one line
    "many-glue-splits": 0.1,  # more than a few words split apart
    "short-body": 0.1,
    "decoded-cp1252": 0.05,
    "language-undetermined": 0.05,
    "template_miss": 0.1,  # legacy HTML: the site template did not fit, generic extraction used
    "title_mismatch": 0.2,  # legacy HTML: the template's title differs from og:title / JSON-LD
    "kicker_mismatch": 0.1,  # legacy HTML: the template's kicker differs from the <title> tag's
}
MAX_KICKER_CHARS = 70
MAX_TITLE_CHARS = 160
MAX_SUBHEAD_CHARS = 90
MANY_WORD_SPLITS = 5
SHORT_BODY_CHARS = 300


def assess(article: Article, steps: tuple[RepairStep, ...] | list[RepairStep]) -> list[Finding]:
    """What in a recovered article deserves a second look."""
    found: list[Finding] = []

    def add(code: str, where: str, message: str, severity: Severity = Severity.WARNING) -> None:
        found.append(Finding(code, severity, where, message))

    if not article.title:
        add("no-title", "title", "no title was recovered", Severity.ERROR)
    paragraphs = [b for b in article.blocks if b.role is Role.PARAGRAPH]
    if not paragraphs:
        add("no-body", "blocks", "no paragraph was recovered", Severity.ERROR)
    elif sum(len(b.text) for b in paragraphs) < SHORT_BODY_CHARS:
        add("short-body", "blocks", "the body is very short", Severity.INFO)
    if not article.kicker and article.title:
        vocab = vocabulary(article_text(article))
        if next(word_glues(article.title, vocab), None) is not None:
            add("title-looks-glued", "title", "the title seems to hold a glued word but no kicker was split")
    if len(article.kicker) > MAX_KICKER_CHARS:
        add("long-kicker", "kicker", f"the kicker has {len(article.kicker)} characters")
    if len(article.title) > MAX_TITLE_CHARS:
        add("long-title", "title", f"the title has {len(article.title)} characters")
    for index, block in enumerate(article.blocks):
        if block.role is Role.SUBHEAD and len(block.text) > MAX_SUBHEAD_CHARS:
            add(
                "long-subhead",
                f"block:{index}",
                f"a subhead of {len(block.text)} characters may be a paragraph",
            )
    glued_lines = sum(1 for s in steps if s.rule == "split_glued_paragraphs" and s.where.startswith("source"))
    pieces = sum(s.after.count("\n") for s in steps if s.rule == "split_glued_paragraphs")
    if glued_lines and pieces >= 3:
        add("one-line-body", "blocks", f"{pieces + 1} blocks were cut out of glued lines", Severity.INFO)
    word_splits = sum(1 for s in steps if s.rule == "split_glued_words")
    if word_splits > MANY_WORD_SPLITS:
        add("many-glue-splits", "blocks", f"{word_splits} blocks had words split apart")
    if article.language == "und":
        add("language-undetermined", "language", "the language could not be determined", Severity.INFO)
    return found


def confidence(findings: tuple[Finding, ...] | list[Finding]) -> float:
    """1 minus the penalties of ``findings``, kept in [0, 1]; subhead penalties cap at 0.3."""
    total, subheads = 0.0, 0.0
    for finding in findings:
        penalty = PENALTIES.get(finding.code, 0.0)
        if finding.code == "long-subhead":
            subheads += penalty
        else:
            total += penalty
    return round(max(0.0, min(1.0, 1.0 - total - min(subheads, 0.3))), 3)


def process_record(
    record: LegacyRecord, config: MigrationConfig | None = None, archive: ArchiveVocabulary | None = None
) -> Processed:
    """Parse ``record`` with its format's parser, repair the article and score it.

    ``archive``: the vocabulary of the archive the record comes from, weighed by the
    glued-word repair; default: the file ``config.vocabulary`` names, else none.

    Raises :class:`~archivist.errors.RecordError` (from the parser) for unusable
    records and :class:`StructureNotFound` when neither title nor body was found.
    """
    parsed = parse_record(record, config)
    if archive is None and config is not None and config.vocabulary:
        archive = load_vocabulary(config.vocabulary)
    article, steps = apply_repairs(parsed.article, archive)
    article, learned = apply_learned_model(article, config)  # what editors taught (archivist retrain)
    steps = [*steps, *learned]
    if config is not None and config.language != "auto":
        article = replace(article, language=config.language)
    elif article.language in ("", "und"):
        article = replace(article, language=detect_language(article_text(article)))
    if not article.title and not article.blocks:
        msg = f"No title and no body were found in {record.where}. Check that --format matches the export."
        raise StructureNotFound(msg)
    all_steps = (*parsed.steps, *steps)
    own = [f for f in parsed.findings if f.code != "language-undetermined"]
    findings = (*own, *(f for f in assess(article, all_steps) if f.code not in {o.code for o in own}))
    return Processed(article, all_steps, findings, confidence(findings))
