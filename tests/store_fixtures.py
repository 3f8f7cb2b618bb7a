"""Small hand-written records and processed articles for store and pipeline tests.

Built directly from archivist.model so the store is tested on its own, without the
parsers. The texts are our own writing, with the damage DESIGN.md describes.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import sqlalchemy as sa

from archivist.model import Article, Block, Finding, LegacyRecord, Processed, RepairStep, Role, Severity

RAW_FR = (
    "Lausanne - TransportsLe métro m2 fermé tout le week-end\n"
    "Des travaux de maintenance paralysent la ligne entre Ouchy et Croisettes.\n"
    "Les Transports lausannois ont annoncé lundi la fermeture.Un bus de remplacement circulera.\n"
).encode()
RAW_DE = (
    "Zürich - VerkehrDie Hardbrücke bleibt drei Wochen gesperrt\n"
    "Wegen Belagsarbeiten müssen Pendler ausweichen.\n"
    "Die Stadt hat die Sperrung am Montag bestätigt.Am Dienstag beginnen die Arbeiten.\n"
).encode()


def record(legacy_id: str, raw: bytes, url: str = "") -> LegacyRecord:
    return LegacyRecord(legacy_id, "text", raw, url=url, origin=f"{legacy_id}.txt", position="line 1")


def processed(legacy_id: str, raw: bytes, confidence: float = 0.8) -> Processed:
    """A plausible processing result that depends on ``raw`` (so a changed source changes it)."""
    lines = raw.decode("utf-8").splitlines()
    glue = re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", lines[0])  # where the kicker was glued to the title
    cut = glue.start() + 1 if glue else 0
    kicker, title = lines[0][:cut], lines[0][cut:]
    article = Article(
        legacy_id=legacy_id,
        title=title,
        kicker=kicker,
        lead=lines[1] if len(lines) > 1 else "",
        language="fr",
        section="Suisse",
        published=datetime(2019, 3, 4, 8, 30),
        blocks=tuple(Block(Role.PARAGRAPH, line) for line in lines[2:]),
    )
    steps = (
        RepairStep("split_glued_paragraphs", "block:0", lines[-1], lines[-1].replace(".", ".\n"), "glued"),
    )
    findings = (Finding("glued_words", Severity.WARNING, "block:0", "words may be glued"),)
    return Processed(article, steps, findings, confidence)


def table_fingerprint(engine: sa.Engine) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table: equal means nothing changed."""
    fingerprint = {}
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(map(repr, row)) for row in rows]).encode()).hexdigest()
            fingerprint[name] = (len(rows), digest)
    return fingerprint


def toy_process(rec: LegacyRecord, config: object = None) -> Processed:
    """A small stand-in for archivist.process: refuses what the real one refuses.

    Module level so a process pool can pickle it.
    """
    from archivist.errors import EmptyRecord, StructureNotFound, UnreadableText

    if not rec.raw.strip():
        msg = f"{rec.where}: the record is empty."
        raise EmptyRecord(msg)
    try:
        text = rec.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{rec.where}: not UTF-8 ({exc.reason})."
        raise UnreadableText(msg) from exc
    if "\x00" in text:
        msg = f"{rec.where}: binary data, not text."
        raise UnreadableText(msg)
    if "\n" not in text:
        msg = f"{rec.where}: no title line and body."
        raise StructureNotFound(msg)
    if "BUG" in text:
        msg = "tuple index out of range"
        raise IndexError(msg)
    return processed(rec.legacy_id, rec.raw)


def lenient_process(rec: LegacyRecord, config: object = None) -> Processed:
    """The toy processor after a fix: it now reads Latin-1 records too."""
    try:
        rec.raw.decode("utf-8")
    except UnicodeDecodeError:
        rec = LegacyRecord(rec.legacy_id, rec.format, rec.raw.decode("latin-1").encode(), rec.url, rec.origin)
    return toy_process(rec, config)
