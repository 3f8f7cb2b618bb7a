"""Inline text with marks, built from an HTML-like tree walk.

Both HTML paths (the learned template over selectolax nodes, the generic path over
trafilatura's XML) walk their tree and feed :class:`InlineText` with text runs and
link/emphasis spans; it collapses whitespace the way a browser does and keeps the
:class:`~archivist.model.Mark` offsets right while it does.

A *boundary* (a hidden separator, a ``<br>``, a block edge) always becomes one space, so
two fields or words can never be glued together by dropping what stood between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archivist.model import Mark

_SPACE = " "


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

    chars: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    _open: list[tuple[int, str, str]] = field(default_factory=list)
    _pending_space: bool = False

    def add(self, text: str) -> None:
        """Append text, collapsing runs of whitespace into one space."""
        for char in text:
            if char.isspace() and char not in "\u00a0\u202f":
                self._pending_space = bool(self.chars)
            else:
                if self._pending_space:
                    self.chars.append(_SPACE)
                    self._pending_space = False
                self.chars.append(char)

    def boundary(self) -> None:
        """A place where words must stay apart (hidden separator, line break)."""
        self._pending_space = bool(self.chars)

    def open(self, kind: str, href: str = "") -> None:
        if self._pending_space:  # the space belongs before the mark, not inside it
            self.chars.append(_SPACE)
            self._pending_space = False
        self._open.append((len(self.chars), kind, href))

    def close(self) -> None:
        if not self._open:
            return
        start, kind, href = self._open.pop()
        end = len(self.chars)
        if end > start:
            self.marks.append(Mark(start, end, kind, href))

    def result(self) -> tuple[str, tuple[Mark, ...]]:
        while self._open:
            self.close()
        text = "".join(self.chars)
        stripped = text.rstrip()
        lead = len(text) - len(text.lstrip())
        text = stripped[lead:] if lead else stripped
        marks: list[Mark] = []
        for mark in sorted(self.marks, key=lambda m: (m.start, -m.end)):
            start, end = max(0, mark.start - lead), min(len(text), mark.end - lead)
            # a mark ending on a space is trimmed to its words
            while end > start and text[end - 1] == _SPACE:
                end -= 1
            while start < end and text[start] == _SPACE:
                start += 1
            if end > start:
                marks.append(Mark(start, end, mark.kind, mark.href))
        return text, tuple(marks)

    @property
    def empty(self) -> bool:
        return not "".join(self.chars).strip()


def collapse(text: str) -> str:
    """Whitespace collapsed as a browser shows it (no-break spaces kept).

    >>> collapse("  Syrie\\n  - Alep ")
    'Syrie - Alep'
    """
    builder = InlineText()
    builder.add(text)
    return builder.result()[0]
