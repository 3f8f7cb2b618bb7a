"""The damage model: a gold article rendered as the legacy text real exports hold.

``render_clean(article)`` is the undamaged flattened shape, one field or block per
line (see corpus/README.md, "The legacy text shape")::

    kicker                      (omitted when empty)
    title
    lead                        (an empty line when the article has no lead)
    paragraph / subhead lines   one block per line, subheads as bare lines
    caption credit              caption text, one space, the credit ("Bild: Keystone", "AFP")
    «quote» – attribution
    fact-box heading, then "• item" lines; lists as "• item" lines

``damage(article, kinds, seed)`` applies damage kinds from :data:`DAMAGES`; each
can be switched on alone. Structural kinds edit a :class:`Draft` (what goes on which
line), character kinds edit the rendered text. ``kinds=("all",)`` draws every kind at
its realistic rate (DESIGN.md section 1). Pure and seeded: the same article, kinds
and seed always give the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from archivist.errors import ConfigError
from archivist.eval import legacy_shapes as shapes
from archivist.model import Article, Block, Role

SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
WRAP = 72  # columns of the hard-wrapped exports


@dataclass(frozen=True)
class Draft:
    """What goes on which line before the text is written out."""

    language: str
    kicker: str
    title: str
    lead: str
    blocks: tuple[Block, ...]
    kicker_glued: bool = False
    caption_glue: tuple[tuple[int, str], ...] = ()  # block index -> glue between caption and credit
    runin_subheads: frozenset[int] = frozenset()  # block indexes glued to the next block
    one_line_body: bool = False
    # (before block index, line, glued to the line before): bylines, promos, duplicates
    inserted: tuple[tuple[int, str, bool], ...] = ()
    lead_suffix: str = ""  # e.g. a comment count glued to the end of the lead
    notice: str = ""
    notice_glued: bool = False  # the notice glued to the end of the last line

    @classmethod
    def of(cls, article: Article) -> Draft:
        return cls(article.language, article.kicker, article.title, article.lead, article.blocks)


# --- rendering ----------------------------------------------------------------------


def block_line(block: Block, glue: str = " ") -> str:
    """One block as a line of the flattened text (a list or fact box spans several lines)."""
    if block.role is Role.CAPTION:
        # the credit (with its label when the gold has one: "Bild: Keystone") one space after
        return f"{block.text}{glue}{block.credit}" if block.credit else block.text
    if block.role is Role.QUOTE:
        return f"{block.text} – {block.credit}" if block.credit else block.text
    if block.role in (Role.LIST, Role.FACTBOX):
        items = [f"• {item}" for item in block.items]
        return "\n".join([block.text, *items] if block.text else items)
    return block.text


def render(draft: Draft) -> str:
    """The legacy text of a draft."""
    head = (
        [draft.kicker + draft.title]
        if draft.kicker_glued or not draft.kicker
        else [draft.kicker, draft.title]
    )
    # the export template writes the lead field even when it is empty: an empty line
    head.append(draft.lead + draft.lead_suffix if draft.lead else "")
    glue = dict(draft.caption_glue)
    pieces: list[tuple[str, str]] = []  # (line, joiner to the next line)
    for index in range(len(draft.blocks) + 1):
        for at, line, glued in draft.inserted:
            if at != index:
                continue
            if glued and pieces:
                pieces[-1] = (pieces[-1][0] + line, pieces[-1][1])
            else:
                pieces.append((line, "\n"))
        if index < len(draft.blocks):
            line = block_line(draft.blocks[index], glue.get(index, " "))
            pieces.append((line, " " if index in draft.runin_subheads else "\n"))
    body, joiner = "", ""
    for line, next_joiner in pieces:
        if body:
            body += "" if draft.one_line_body and joiner == "\n" else joiner
        body += line.replace("\n", "") if draft.one_line_body else line
        joiner = next_joiner
    lines = head + ([body] if body else [])
    if draft.notice and draft.notice_glued:
        lines[-1] += draft.notice
    elif draft.notice:
        lines.append(draft.notice)
    return "\n".join(lines) + "\n"


def render_clean(article: Article) -> str:
    """The undamaged legacy text of a gold article: a correct recovery returns the gold."""
    return render(Draft.of(article))


# --- structural damage: Draft -> Draft ----------------------------------------------


def glue_kicker(draft: Draft, rng: random.Random) -> Draft:
    """``Syrie - AlepLe régime…``: the hidden separator span was dropped."""
    return replace(draft, kicker_glued=bool(draft.kicker))


def append_notice(draft: Draft, rng: random.Random) -> Draft:
    """The import notice on its own last line, or (one in four) glued to the last paragraph."""
    notice = shapes.language_row(shapes.NOTICES, draft.language)
    return replace(draft, notice=notice, notice_glued=rng.random() < 0.25)


def run_in_subheads(draft: Draft, rng: random.Random) -> Draft:
    """``Platz 10: Ein Familiendrama Im Januar…``: a subhead run into its next paragraph."""
    runin = {
        i
        for i, b in enumerate(draft.blocks[:-1])
        if b.role is Role.SUBHEAD and draft.blocks[i + 1].role is Role.PARAGRAPH
    }
    return replace(draft, runin_subheads=frozenset(runin))


def glue_body(draft: Draft, rng: random.Random) -> Draft:
    """``…wurde bestätigt.Am Montag…``: naive tag stripping put the body on one line."""
    return replace(draft, one_line_body=True)


def _glue_links(block: Block) -> Block:
    text = block.text
    for mark in sorted(block.marks, key=lambda m: -m.start):
        if mark.end < len(text) and text[mark.end] == " ":
            text = text[: mark.end] + text[mark.end + 1 :]
        if mark.start > 0 and text[mark.start - 1] == " ":
            text = text[: mark.start - 1] + text[mark.start :]
    return replace(block, text=text, marks=())


def glue_links(draft: Draft, rng: random.Random) -> Draft:
    """``Tage<a>nach dem Sturz</a>bei`` → ``Tagenach dem Sturzbei``."""
    return replace(draft, blocks=tuple(_glue_links(b) if b.marks else b for b in draft.blocks))


def glue_caption_credit(draft: Draft, rng: random.Random) -> Draft:
    """``…lors du derby.KEYSTONE``: the space between caption and credit lost."""
    glue = tuple((i, "") for i, b in enumerate(draft.blocks) if b.role is Role.CAPTION and b.credit)
    return replace(draft, caption_glue=glue)


def insert_byline_promos(draft: Draft, rng: random.Random, byline: str = "") -> Draft:
    """Byline / agency signature, promos, a slideshow counter and a comment count in the body."""
    n = len(draft.blocks)
    inserted = list(draft.inserted)
    if byline:
        # a person signs at the top; an agency signature ("(DPA/jar)", "ATS/AFP") closes the text
        agency = "/" in byline or byline.startswith("(") or byline.isupper()
        if agency:  # one in four glued to a last paragraph: "…depuis 2011.(ATS/AFP)"
            ends_in_paragraph = bool(draft.blocks) and draft.blocks[-1].role is Role.PARAGRAPH
            inserted.append((n, byline, rng.random() < 0.25 and ends_in_paragraph))
        else:
            prefix = shapes.language_row(shapes.BYLINE_PREFIXES, draft.language)
            has_prefix = byline.split(" ", 1)[0] in shapes.BYLINE_PREFIXES.values()
            inserted.append((0, byline if has_prefix else f"{prefix} {byline}", False))
    promos = shapes.PROMOS.get(draft.language, shapes.PROMOS["en"])
    for line in rng.sample(promos, k=rng.randint(1, 2)):
        inserted.append((rng.randint(1, n) if n else 0, line, False))
    captions = [i for i, b in enumerate(draft.blocks) if b.role is Role.CAPTION]
    if captions:
        total = rng.randint(3, 12)
        inserted.append((captions[0], f"{rng.randint(1, total)} / {total}", False))
    suffix = str(rng.randint(2, 240)) if draft.lead else ""
    return replace(draft, inserted=tuple(inserted), lead_suffix=suffix)


def duplicate_lead(draft: Draft, rng: random.Random) -> Draft:
    """The lead repeated as the first paragraph of the body."""
    if not draft.lead:
        return draft
    return replace(draft, inserted=((0, draft.lead, False), *draft.inserted))


# --- character damage: str -> str ----------------------------------------------------

_LONG_WORD = re.compile(r"\b[^\W\d_]{8,}\b")
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\w)")


def add_soft_hyphens_nbsp(text: str, rng: random.Random) -> str:
    """Soft hyphens inside long words; no-break spaces after numbers and here and there."""

    def hyphenate(match: re.Match[str]) -> str:
        word = match.group()
        if rng.random() > 0.35:
            return word
        cut = rng.randint(3, len(word) - 3)
        return word[:cut] + SOFT_HYPHEN + word[cut:]

    text = _LONG_WORD.sub(hyphenate, text)
    text = _NUMBER_SPACE.sub(NBSP, text)
    return "".join(NBSP if ch == " " and rng.random() < 0.04 else ch for ch in text)


def _wrap_line(line: str, width: int = WRAP) -> list[str]:
    """Greedy wrap; a long word that does not fit is hyphenated at the line end."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
            continue
        room = width - len(current) - (2 if current else 1)  # a space and the hyphen
        if "-" in word[:room] and word.index("-") >= 2:  # break a compound at its own hyphen
            cut = word[:room].rindex("-") + 1
            out.append(f"{current} {word[:cut]}".lstrip())
            word = word[cut:]
        elif len(word) >= 8 and room >= 3 and word[: min(room, len(word) - 3)].isalpha():
            cut = min(room, len(word) - 3)
            out.append(f"{current} {word[:cut]}-".lstrip())
            word = word[cut:]
        elif current:
            out.append(current)
        current = word
    if current:
        out.append(current)
    return out


def hard_wrap(text: str, rng: random.Random) -> str:
    """Wrapped at 72 columns with end-of-line hyphenation; a blank line between former lines."""
    return "\n\n".join("\n".join(_wrap_line(line)) for line in text.rstrip("\n").split("\n")) + "\n"


_ENTITIES = {"é": "&eacute;", "è": "&egrave;", "à": "&agrave;", "ü": "&uuml;", "ä": "&auml;", "ö": "&ouml;"}
_ENTITY_CHARS = re.compile("[&'’" + "".join(_ENTITIES) + "]| ")


def leak_entities(text: str, rng: random.Random) -> str:
    """``&eacute;``, ``&nbsp;``, ``&amp;`` left by an exporter that escaped twice."""

    def leak(match: re.Match[str]) -> str:
        ch = match.group()
        if ch == "&":
            return "&amp;"
        if rng.random() > (0.03 if ch == " " else 0.5):
            return ch
        return {" ": "&nbsp;", "'": "&#39;", "’": "&rsquo;"}.get(ch) or _ENTITIES[ch]

    return _ENTITY_CHARS.sub(leak, text)


def _sloppy_cp1252(data: bytes) -> str:
    # Windows-1252 with its five undefined bytes read as Latin-1, as legacy tools did
    return "".join(bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in data)


def add_mojibake(text: str, rng: random.Random) -> str:
    """UTF-8 bytes read as Windows-1252 (``Ã©``, ``â€™``) or as Latin-1."""
    data = text.encode("utf-8")
    return _sloppy_cp1252(data) if rng.random() < 0.7 else data.decode("latin-1")


# --- the registry ------------------------------------------------------------------


@dataclass(frozen=True)
class Damage:
    """One damage kind: what it does, at which stage, and how often in real exports."""

    name: str
    rate: float  # share of articles with this damage in `all` (DESIGN.md section 1)
    structural: Callable[[Draft, random.Random], Draft] | None = None
    textual: Callable[[str, random.Random], str] | None = None
    doc: str = ""


DAMAGES: dict[str, Damage] = {
    d.name: d
    for d in (
        Damage("kicker_glue", 0.8, structural=glue_kicker, doc="most teaser/title lines"),
        Damage("notice", 0.9, structural=append_notice, doc="every imported article"),
        Damage("subheads_bare", 0.3, structural=run_in_subheads, doc="subheads run in: common"),
        Damage("one_line_body", 0.3, structural=glue_body, doc="articles stored as one line"),
        Damage("link_glue", 0.67, structural=glue_links, doc="2 of 3 articles"),
        Damage("caption_credit_glue", 0.5, structural=glue_caption_credit, doc="1 in 2 articles"),
        Damage("byline_promo", 0.5, structural=insert_byline_promos, doc="1 in 2 articles"),
        Damage("lead_duplicate", 0.1, structural=duplicate_lead, doc="occasional"),
        Damage("soft_hyphens_nbsp", 0.7, textual=add_soft_hyphens_nbsp, doc="most articles"),
        Damage("hard_wrap", 0.1, textual=hard_wrap, doc="plain-text exports"),
        Damage("entities", 0.2, textual=leak_entities, doc="legacy exports"),
        Damage("mojibake", 0.15, textual=add_mojibake, doc="legacy exports"),
    )
}
# character damage runs in this order: invisible characters are in the text before the
# exporter wraps it, entities leak on export, mojibake comes last when the bytes are misread
TEXT_ORDER = ("soft_hyphens_nbsp", "hard_wrap", "entities", "mojibake")


def resolve_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """Validate damage kind names; ``all`` stays as it is."""
    names = tuple(kinds)
    for name in names:
        if name != "all" and name not in DAMAGES:
            msg = f"Damage kind {name!r} is not known. Use all or one of: {', '.join(DAMAGES)}."
            raise ConfigError(msg)
    return names


def drawn_kinds(article: Article, kinds: Iterable[str], seed: int) -> tuple[str, ...]:
    """The kinds applied to this article: ``all`` draws each kind at its rate."""
    names = resolve_kinds(kinds)
    if "all" not in names:
        return tuple(n for n in DAMAGES if n in names)
    rng = random.Random(f"{seed}:{article.legacy_id}:draw")
    return tuple(name for name, d in DAMAGES.items() if rng.random() < d.rate)


def damage(article: Article, kinds: Iterable[str], seed: int = 0) -> str:
    """The legacy text of ``article`` with the damage ``kinds`` (or ``("all",)``) applied."""
    applied = drawn_kinds(article, kinds, seed)
    draft = Draft.of(article)
    for name in applied:
        rng = random.Random(f"{seed}:{article.legacy_id}:{name}")
        if name == "byline_promo":
            draft = insert_byline_promos(draft, rng, article.byline)
        elif (structural := DAMAGES[name].structural) is not None:
            draft = structural(draft, rng)
    text = render(draft)
    for name in TEXT_ORDER:
        if name in applied:
            textual = DAMAGES[name].textual
            assert textual is not None  # every TEXT_ORDER row is a character damage
            text = textual(text, random.Random(f"{seed}:{article.legacy_id}:{name}"))
    return text
