"""Editors' operations on an Article: small pure functions in a registry.

Editors never type HTML: they change a block's role, split and merge blocks, split or
join glued words, move the kicker/title boundary, edit a text or pick the lead. Each
operation takes an :class:`~archivist.model.Article` and plain parameters (ints and
strings, as a web form sends them) and returns an :class:`Edit`: the new article and
the :class:`~archivist.model.RepairStep` records (rule ``editor:<op>``) that explain
it, so an editor's revision is explained like a migration's.

``where`` names a text the way repair steps do: ``title``, ``kicker``, ``lead``,
``byline``, ``dateline`` or ``block:N``.

>>> from archivist.model import Block, Role
>>> a = Article("1", "MeteoSturm über Bern", blocks=(Block(Role.PARAGRAPH, "Regen"),))
>>> edit = apply_op(a, Op("move_kicker_boundary", {"kicker": "Meteo"}))
>>> edit.article.kicker, edit.article.title, edit.steps[0].rule
('Meteo', 'Sturm über Bern', 'editor:move_kicker_boundary')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from archivist.errors import EditError
from archivist.model import Article, Block, Mark, RepairStep, Role
from archivist.textspan import remap_marks, slice_marks

__all__ = [
    "FIELDS",
    "OPS",
    "Edit",
    "Op",
    "OpSpec",
    "apply_op",
    "apply_ops",
    "heading_title",
    "read_text",
    "write_text",
]

# the article fields an editor may edit as plain text (``where`` values besides block:N)
FIELDS = ("title", "kicker", "lead", "byline", "dateline")
_BLOCK = re.compile(r"^block:(\d+)$")
_TITLE_OPENERS = tuple("0123456789«„“\"'")


@dataclass(frozen=True)
class Edit:
    """What one operation made of an article, with the steps that explain it."""

    article: Article
    steps: tuple[RepairStep, ...]


@dataclass(frozen=True)
class Op:
    """One operation as a form or a propagation rule names it: a registry key and its parameters."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.name, **self.params}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Op:
        params = {k: v for k, v in data.items() if k != "op"}
        return cls(str(data.get("op", "")), params)


def _step(op: str, where: str, before: str, after: str, reason: str) -> RepairStep:
    return RepairStep(rule=f"editor:{op}", where=where, before=before, after=after, reason=reason)


def _block_index(article: Article, index: int, op: str) -> int:
    if not 0 <= index < len(article.blocks):
        msg = (
            f"{op}: article {article.legacy_id} has no block {index} (it has {len(article.blocks)}). "
            "Reload the editor: the article may have changed."
        )
        raise EditError(msg)
    return index


def read_text(article: Article, where: str) -> str:
    """The text at ``where`` (a field name or ``block:N``)."""
    found = _BLOCK.match(where)
    if found:
        return article.blocks[_block_index(article, int(found.group(1)), "read")].text
    if where not in FIELDS:
        msg = f"Text location {where!r} is not known. Use one of {', '.join(FIELDS)} or block:N."
        raise EditError(msg)
    text: str = getattr(article, where)
    return text


def write_text(article: Article, where: str, text: str) -> Article:
    """``article`` with the text at ``where`` replaced (a block's marks follow the edit)."""
    found = _BLOCK.match(where)
    if found:
        index = _block_index(article, int(found.group(1)), "write")
        block = article.blocks[index]
        moved = replace(block, text=text, marks=remap_marks(block.text, text, block.marks))
        return article.with_blocks([*article.blocks[:index], moved, *article.blocks[index + 1 :]])
    read_text(article, where)  # validates the name
    changes: dict[str, Any] = {where: text}
    return replace(article, **changes)


# --- the operations --------------------------------------------------------------------


def set_role(article: Article, block: int, role: str) -> Edit:
    """Give block ``block`` another role (paragraph, subhead, caption, quote, factbox)."""
    index = _block_index(article, block, "set_role")
    try:
        new_role = Role(role)
    except ValueError as exc:
        msg = f"set_role: role {role!r} is not known. Use one of {', '.join(r.value for r in Role)}."
        raise EditError(msg) from exc
    old = article.blocks[index]
    if old.role == new_role:
        return Edit(article, ())
    changed = replace(old, role=new_role)
    blocks = [*article.blocks[:index], changed, *article.blocks[index + 1 :]]
    step = _step(
        "set_role",
        f"block:{index}",
        f"{old.role.value}: {old.text}",
        f"{new_role.value}: {old.text}",
        f"an editor made this {old.role.value} a {new_role.value}",
    )
    return Edit(article.with_blocks(blocks), (step,))


def split_block(article: Article, block: int, at: int) -> Edit:
    """Split block ``block`` in two at character ``at`` (both keep the role)."""
    index = _block_index(article, block, "split_block")
    old = article.blocks[index]
    if not 0 < at < len(old.text) or not old.text[:at].strip() or not old.text[at:].strip():
        msg = f"split_block: offset {at} does not cut block {index} of article {article.legacy_id} in two."
        raise EditError(msg)
    head, tail = old.text[:at], old.text[at:]
    first = replace(old, text=head.rstrip(), marks=slice_marks(old.marks, 0, len(head.rstrip())))
    skip = len(tail) - len(tail.lstrip())
    second = Block(old.role, tail.lstrip(), marks=slice_marks(old.marks, at + skip, len(old.text)))
    blocks = [*article.blocks[:index], first, second, *article.blocks[index + 1 :]]
    step = _step(
        "split_block",
        f"block:{index}",
        old.text,
        f"{first.text}\n{second.text}",
        "an editor split a glued block in two",
    )
    return Edit(article.with_blocks(blocks), (step,))


def merge_blocks(article: Article, block: int) -> Edit:
    """Merge block ``block`` with the one after it (the first one's role stays)."""
    index = _block_index(article, block, "merge_blocks")
    _block_index(article, block + 1, "merge_blocks")
    a, b = article.blocks[index], article.blocks[index + 1]
    joiner = "" if not a.text or not b.text else " "
    shift = len(a.text) + len(joiner)
    marks = (*a.marks, *(Mark(m.start + shift, m.end + shift, m.kind, m.href) for m in b.marks))
    merged = replace(a, text=a.text + joiner + b.text, marks=marks, items=a.items + b.items)
    blocks = [*article.blocks[:index], merged, *article.blocks[index + 2 :]]
    step = _step(
        "merge_blocks",
        f"block:{index}",
        f"{a.text}\n{b.text}",
        merged.text,
        "an editor merged a block cut in two",
    )
    return Edit(article.with_blocks(blocks), (step,))


def remove_block(article: Article, block: int) -> Edit:
    """Remove block ``block`` (boilerplate: a promo line, a slideshow counter…)."""
    index = _block_index(article, block, "remove_block")
    old = article.blocks[index]
    blocks = [*article.blocks[:index], *article.blocks[index + 1 :]]
    step = _step(
        "remove_block", f"block:{index}", old.text, "", "an editor removed a line that is not the article's"
    )
    return Edit(article.with_blocks(blocks), (step,))


def split_word(article: Article, where: str, at: int) -> Edit:
    """Insert a space at ``at`` inside a glued word of the text at ``where``."""
    text = read_text(article, where)
    if not 0 < at < len(text) or text[at - 1].isspace() or text[at].isspace():
        msg = f"split_word: offset {at} of {where} in article {article.legacy_id} is not inside a word."
        raise EditError(msg)
    new = text[:at] + " " + text[at:]
    step = _step(
        "split_word", where, _word_at(text, at), _word_at(new, at), "an editor split two words glued together"
    )
    return Edit(write_text(article, where, new), (step,))


def join_words(article: Article, where: str, at: int) -> Edit:
    """Remove the spaces at ``at`` that cut one word in two."""
    text = read_text(article, where)
    if not 0 <= at < len(text) or not text[at].isspace():
        msg = f"join_words: offset {at} of {where} in article {article.legacy_id} is not a space."
        raise EditError(msg)
    start, end = at, at
    while start > 0 and text[start - 1].isspace():
        start -= 1
    while end < len(text) and text[end].isspace():
        end += 1
    new = text[:start] + text[end:]
    step = _step(
        "join_words", where, _word_at(text, start), _word_at(new, start), "an editor joined a word cut in two"
    )
    return Edit(write_text(article, where, new), (step,))


def heading_title(article: Article, kicker: str) -> str | None:
    """The title left when ``kicker`` begins the article's heading, or None.

    The heading is the kicker, a space and the title; when ``kicker`` does not begin
    that, the kicker glued to the title as the export held it (the recovery cut
    ``ZüriTippDie…`` at the first capital: ``Züri`` | ``TippDie…``).

    >>> heading_title(Article("3", "TippDie Brunnen", kicker="Züri"), "ZüriTipp")
    'Die Brunnen'
    >>> heading_title(Article("3", "Weltcup Odermatt siegt", kicker="Ski"), "Ski alpin") is None
    True
    """
    kicker = kicker.strip()
    spaced = f"{article.kicker} {article.title}" if article.kicker else article.title
    if spaced.startswith(kicker) and spaced[len(kicker) :].strip():
        return spaced[len(kicker) :].strip()
    glued = article.kicker + article.title
    rest = glued[len(kicker) :]
    # only at a glue: the title opens on a capital, a digit or a quote, never inside a word
    if article.kicker and glued.startswith(kicker) and (rest[:1].isupper() or rest[:1] in _TITLE_OPENERS):
        return rest.strip()
    return None


def move_kicker_boundary(article: Article, kicker: str) -> Edit:
    """Make ``kicker`` the kicker: it must begin the heading line (see :func:`heading_title`).

    >>> a = Article("2", "Genève - Logement La pénurie", kicker="")
    >>> move_kicker_boundary(a, "Genève - Logement").article.title
    'La pénurie'
    """
    kicker = kicker.strip()
    title = heading_title(article, kicker)
    if title is None:
        line = f"{article.kicker} {article.title}" if article.kicker else article.title
        msg = (
            f"move_kicker_boundary: {kicker!r} does not begin the heading {line!r} of article "
            f"{article.legacy_id}, or leaves no title. Give the first words exactly as they are."
        )
        raise EditError(msg)
    new = replace(article, kicker=kicker, title=title)
    if (new.kicker, new.title) == (article.kicker, article.title):
        return Edit(article, ())
    step = _step(
        "move_kicker_boundary",
        "title",
        f"{article.kicker} | {article.title}",
        f"{new.kicker} | {new.title}",
        "an editor moved the boundary between kicker and title",
    )
    return Edit(new, (step,))


def edit_text(article: Article, where: str, text: str) -> Edit:
    """Replace the text at ``where`` (a typo, a broken character, a wrong word)."""
    old = read_text(article, where)
    text = text.strip()
    if where == "title" and not text:
        msg = f"edit_text: the title of article {article.legacy_id} cannot be empty."
        raise EditError(msg)
    if text == old:
        return Edit(article, ())
    step = _step("edit_text", where, old, text, "an editor corrected the text")
    return Edit(write_text(article, where, text), (step,))


def set_lead(article: Article, block: int) -> Edit:
    """Make block ``block`` the lead; a lead already there becomes the first paragraph."""
    index = _block_index(article, block, "set_lead")
    chosen = article.blocks[index]
    rest = [*article.blocks[:index], *article.blocks[index + 1 :]]
    if article.lead:
        rest.insert(0, Block(Role.PARAGRAPH, article.lead))
    new = replace(article, lead=chosen.text).with_blocks(rest)
    step = _step("set_lead", "lead", article.lead, chosen.text, f"an editor chose block {index} as the lead")
    return Edit(new, (step,))


def _word_at(text: str, at: int) -> str:
    """The whitespace-delimited word around ``at`` with its neighbours (for a readable step)."""
    start = text.rfind(" ", 0, max(at - 1, 0))
    start = text.rfind(" ", 0, start) if start > 0 else -1
    end = text.find(" ", at + 1)
    end = text.find(" ", end + 1) if end != -1 else -1
    return text[start + 1 : end if end != -1 else len(text)]


@dataclass(frozen=True)
class OpSpec:
    """An operation in the registry: its function and its parameters with their types."""

    func: Callable[..., Edit]
    params: tuple[tuple[str, type], ...]
    label: str


# the registry: one row per operation an editor can apply (issue 6, point 3)
OPS: dict[str, OpSpec] = {
    "set_role": OpSpec(set_role, (("block", int), ("role", str)), "change a block's role"),
    "split_block": OpSpec(split_block, (("block", int), ("at", int)), "split a block in two"),
    "merge_blocks": OpSpec(merge_blocks, (("block", int),), "merge a block with the next"),
    "remove_block": OpSpec(remove_block, (("block", int),), "remove a block"),
    "split_word": OpSpec(split_word, (("where", str), ("at", int)), "split glued words"),
    "join_words": OpSpec(join_words, (("where", str), ("at", int)), "join a word cut in two"),
    "move_kicker_boundary": OpSpec(
        move_kicker_boundary, (("kicker", str),), "move the kicker/title boundary"
    ),
    "edit_text": OpSpec(edit_text, (("where", str), ("text", str)), "edit a text"),
    "set_lead": OpSpec(set_lead, (("block", int),), "make a block the lead"),
}


def apply_op(article: Article, op: Op) -> Edit:
    """Run one registered operation; parameters are converted to their types first."""
    spec = OPS.get(op.name)
    if spec is None:
        msg = f"Edit operation {op.name!r} is not known. Use one of: {', '.join(OPS)}."
        raise EditError(msg)
    kwargs: dict[str, Any] = {}
    for name, kind in spec.params:
        if name not in op.params:
            msg = f"{op.name}: the parameter {name!r} is missing."
            raise EditError(msg)
        try:
            kwargs[name] = kind(op.params[name])
        except (TypeError, ValueError) as exc:
            msg = f"{op.name}: {name}={op.params[name]!r} is not a valid {kind.__name__}."
            raise EditError(msg) from exc
    return spec.func(article, **kwargs)


def apply_ops(article: Article, ops: Sequence[Op]) -> Edit:
    """Run operations in order; the steps of all of them, in order."""
    steps: list[RepairStep] = []
    for op in ops:
        edit = apply_op(article, op)
        article = edit.article
        steps.extend(edit.steps)
    return Edit(article, tuple(steps))
