"""Inline text with marks, built from an HTML-like tree walk.

Both HTML paths (the learned template over selectolax nodes, the generic path over
trafilatura's XML) walk their tree and feed :class:`InlineText` with text runs and
link/emphasis spans; it collapses whitespace the way a browser does and keeps the
:class:`~archivist.model.Mark` offsets right while it does.

A *boundary* (a hidden separator, a ``<br>``, a block edge) always becomes one space, so
two fields or words can never be glued together by dropping what stood between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archivist.model import Mark

_SPACE = " "
# whitespace a browser collapses; no-break spaces are kept (they are typography)
_KEPT = "\u00a0\u202f"
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")


@dataclass
class InlineText:
    """Accumulates text and marks; :meth:`result` returns the collapsed text and marks.

    >>> t = InlineText()
    >>> t.add("Wenige  Tage")
    >>> t.open("a", "/x"); t.add("nach dem Sturz"); t.close()
    >>> t.boundary(); t.add("bei Nacht. ")
    >>> t.result()
    ('Wenige Tagenach dem Sturz bei Nacht.', (Mark(start=11, end=25, kind='a', href='/x'),))
    """

    parts: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    length: int = 0
    _open: list[tuple[int, str, str]] = field(default_factory=list)
    _pending_space: bool = False

    def _put(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def add(self, text: str) -> None:
        """Append text, collapsing runs of whitespace into one space."""
        if not text:
            return
        if "\u00a0" in text or "\u202f" in text:
            core = _WHITESPACE.sub(_SPACE, text).strip(_SPACE)
        else:  # the common case, and str.split is several times faster than the regex
            core = _SPACE.join(text.split())
        if text[0].isspace() and text[0] not in _KEPT:  # a space if words come on both sides
            self._pending_space = self.length > 0
        if not core:
            return
        if self._pending_space and not self.parts[-1].endswith(_SPACE):  # one space, even at a mark edge
            self._put(_SPACE)
        self._pending_space = text[-1].isspace() and text[-1] not in _KEPT
        self._put(core)

    def boundary(self) -> None:
        """A place where words must stay apart (hidden separator, line break)."""
        self._pending_space = self.length > 0

    def open(self, kind: str, href: str = "") -> None:
        if self._pending_space:  # the space belongs before the mark, not inside it
            self._put(_SPACE)
            self._pending_space = False
        self._open.append((self.length, kind, href))

    def close(self) -> None:
        if not self._open:
            return
        start, kind, href = self._open.pop()
        if self.length > start:
            self.marks.append(Mark(start, self.length, kind, href))

    def result(self) -> tuple[str, tuple[Mark, ...]]:
        while self._open:
            self.close()
        text = "".join(self.parts)
        lead = len(text) - len(text.lstrip())  # no-break spaces at the edges go too
        text = text.strip()
        marks: list[Mark] = []
        for mark in sorted(self.marks, key=lambda m: (m.start, -m.end)):
            start, end = max(0, mark.start - lead), min(len(text), mark.end - lead)
            # a mark ending on a space is trimmed to its words
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            if end > start:
                marks.append(Mark(start, end, mark.kind, mark.href))
        return text, tuple(marks)

    @property
    def empty(self) -> bool:
        return not "".join(self.parts).strip()


def collapse(text: str) -> str:
    """Whitespace collapsed as a browser shows it (no-break spaces kept).

    >>> collapse("  Syrie\\n  - Alep ")
    'Syrie - Alep'
    """
    builder = InlineText()
    builder.add(text)
    return builder.result()[0]
