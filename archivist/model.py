"""The frozen data model every stage passes on.

The flow is ``LegacyRecord -> recover -> Article -> repairs -> Processed``
(see DESIGN.md section 2). Nothing here touches files, databases or the network;
SQLAlchemy mappings live in :mod:`archivist.store` and never leak in here.

Inline markup inside a block is kept as :class:`Mark` spans over the block's plain
``text`` (character offsets), so repairs work on plain strings and the links and
emphasis survive them (see :func:`archivist.textspan.remap_marks`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a block is in the news structure."""

    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"
    QUOTE = "quote"
    CAPTION = "caption"  # a figure: image (optional), caption text and credit
    LIST = "list"  # a bulleted list; the lines are in ``items``
    FACTBOX = "factbox"  # a fact/summary box: ``text`` is its heading, ``items`` its lines


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class LegacyRecord:
    """One record as the legacy export holds it, kept verbatim.

    ``raw`` is never modified; ``hints`` carries what the container format told us
    (publication date, section, title of a TSV row…) as plain strings.
    """

    legacy_id: str
    format: str
    raw: bytes
    url: str = ""
    origin: str = ""  # file name (and member) the record came from
    position: str = ""  # where in the origin: "line 12", "row 7", "item 3", "offset 4096"
    hints: tuple[tuple[str, str], ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def hint(self, key: str, default: str = "") -> str:
        for k, v in self.hints:
            if k == key:
                return v
        return default

    @property
    def where(self) -> str:
        """A human reference to the record for error messages."""
        parts = [p for p in (self.origin, self.position) if p]
        return f"{', '.join(parts)} (legacy id {self.legacy_id!r})" if parts else repr(self.legacy_id)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A record a source could not even split out (truncated XML, undecodable row…).

    The pipeline quarantines it with ``reason``; ``raw`` holds whatever bytes were there.
    """

    legacy_id: str
    format: str
    raw: bytes
    reason: str
    error: str = "SourceError"
    origin: str = ""
    position: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True, slots=True)
class Mark:
    """An inline span over a block's text: a link or emphasis."""

    start: int
    end: int
    kind: str  # "a" | "em" | "strong"
    href: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One body block in reading order."""

    role: Role
    text: str
    marks: tuple[Mark, ...] = ()
    items: tuple[str, ...] = ()  # list / fact box lines
    credit: str = ""  # caption: photo credit; quote: attribution
    src: str = ""  # caption: image source
    alt: str = ""  # caption: image alternative text


@dataclass(frozen=True, slots=True)
class Article:
    """A recovered news article."""

    legacy_id: str
    title: str
    language: str = "und"
    kicker: str = ""
    lead: str = ""
    byline: str = ""
    dateline: str = ""
    published: datetime | None = None  # first publication, never the import date
    section: str = ""
    url: str = ""  # the old (legacy) URL
    blocks: tuple[Block, ...] = ()
    tags: tuple[str, ...] = ()
    imported: bool = False  # the legacy text carried the automatic-import notice
    source_format: str = ""

    def with_blocks(self, blocks: list[Block] | tuple[Block, ...]) -> Article:
        return replace(self, blocks=tuple(blocks))


@dataclass(frozen=True, slots=True)
class RepairStep:
    """One named, explained change: ``where`` is a field name or ``block:N``."""

    rule: str
    where: str
    before: str
    after: str
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a person may want to look at; it does not change the article."""

    code: str
    severity: Severity
    where: str
    message: str


@dataclass(frozen=True, slots=True)
class Processed:
    """What recovery and repairs make of one legacy record."""

    article: Article
    steps: tuple[RepairStep, ...] = ()
    findings: tuple[Finding, ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ReaderReport:
    """A reader's error report on an article (or one block of it)."""

    article_id: int
    category: str
    block: int | None = None
    selected_text: str = ""
    comment: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    """A damage pattern found in an article that a rule can generalise over."""

    code: str
    where: str
    text: str
    extra: dict[str, str] = field(default_factory=dict)


# --- plain-data codec: the store and the exports use these -------------------


def article_to_dict(article: Article) -> dict[str, Any]:
    data = asdict(article)
    data["published"] = article.published.isoformat() if article.published else None
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    blocks = tuple(
        Block(
            role=Role(b["role"]),
            text=b["text"],
            marks=tuple(Mark(**m) for m in b.get("marks", ())),
            items=tuple(b.get("items", ())),
            credit=b.get("credit", ""),
            src=b.get("src", ""),
            alt=b.get("alt", ""),
        )
        for b in data.get("blocks", ())
    )
    known = {f.name for f in fields(Article)}
    scalars = {k: v for k, v in data.items() if k in known and k not in {"blocks", "published", "tags"}}
    published = data.get("published")
    return Article(
        **scalars,
        blocks=blocks,
        tags=tuple(data.get("tags", ())),
        published=datetime.fromisoformat(published) if published else None,
    )


def step_to_dict(step: RepairStep) -> dict[str, str]:
    return asdict(step)


def finding_to_dict(finding: Finding) -> dict[str, str]:
    return asdict(finding)


def article_hash(article: Article) -> str:
    """A stable content hash: the same article always gives the same hash."""
    payload = json.dumps(article_to_dict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
