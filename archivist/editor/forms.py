"""From what an editor types in a form to an operation with exact offsets (pure).

Editors do not count characters: to split a block they type the words that begin the
second part; to split glued words they mark the cut with ``|`` (``Tage|nach``); to
join a word cut in two they type it as it stands (``Ver kehr``). :func:`resolve_op`
finds those in the article and returns the :class:`~archivist.editor.ops.Op`.

>>> from archivist.model import Block, Role
>>> a = Article("1", "T", blocks=(Block(Role.PARAGRAPH, "Il pleut.Demain le soleil."),))
>>> resolve_op(a, {"op": "split_block", "block": "0", "before": "Demain"}).params
{'block': 0, 'at': 9}
>>> resolve_op(a, {"op": "split_word", "where": "block:0", "glued": "pleut.|Demain"}).params
{'where': 'block:0', 'at': 9}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from archivist.editor.ops import OPS, Op, read_text
from archivist.errors import EditError
from archivist.model import Article

__all__ = ["dump_ops", "load_ops", "resolve_op"]

MAX_OPS = 200  # operations in one draft


def _int(fields: Mapping[str, str], name: str) -> int:
    try:
        return int(fields.get(name, ""))
    except ValueError as exc:
        msg = f"The field {name!r} must be a number."
        raise EditError(msg) from exc


def _find(text: str, needle: str, what: str, start: int = 0) -> int:
    at = text.find(needle, start) if needle else -1
    if at < 0:
        msg = f"{what}: {needle!r} is not in the text. Copy the words exactly as they stand."
        raise EditError(msg)
    return at


def resolve_op(article: Article, fields: Mapping[str, str]) -> Op:
    """The operation a form describes, with offsets found in ``article``."""
    name = fields.get("op", "")
    if name == "split_block":
        block = _int(fields, "block")
        text = read_text(article, f"block:{block}")
        return Op(name, {"block": block, "at": _find(text, fields.get("before", "").strip(), "split", 1)})
    if name == "split_word":
        where, glued = fields.get("where", ""), fields.get("glued", "").strip()
        if glued.count("|") != 1:
            msg = "Mark the cut between the glued words with one | (for example Tage|nach)."
            raise EditError(msg)
        at = _find(read_text(article, where), glued.replace("|", ""), "split_word")
        return Op(name, {"where": where, "at": at + glued.index("|")})
    if name == "join_words":
        where, cut = fields.get("where", ""), fields.get("cut", "").strip()
        if " " not in cut:
            msg = "Type the word as it stands, with the space that cuts it (for example Ver kehr)."
            raise EditError(msg)
        return Op(
            name, {"where": where, "at": _find(read_text(article, where), cut, "join_words") + cut.index(" ")}
        )
    spec = OPS.get(name)
    if spec is None:
        msg = f"Edit operation {name!r} is not known. Use one of: {', '.join(OPS)}."
        raise EditError(msg)
    return Op(name, {key: fields[key] for key, _kind in spec.params if key in fields})


def load_ops(data: str) -> list[Op]:
    """A draft's operations from the JSON a form carries."""
    if not data.strip():
        return []
    try:
        items: Any = json.loads(data)
    except json.JSONDecodeError as exc:
        msg = "The draft is damaged: reload the editor and start again."
        raise EditError(msg) from exc
    if not isinstance(items, list) or len(items) > MAX_OPS or not all(isinstance(i, dict) for i in items):
        msg = f"The draft must be a list of at most {MAX_OPS} operations: reload the editor."
        raise EditError(msg)
    return [Op.from_dict(item) for item in items]


def dump_ops(ops: list[Op]) -> str:
    return json.dumps([op.to_dict() for op in ops], ensure_ascii=False)
