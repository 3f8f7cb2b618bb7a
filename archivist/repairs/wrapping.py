"""Hard-wrapped exports: lines cut at ~72 columns, words hyphenated at line ends.

Both repairs run on the raw source text only. :func:`unwrap_text` acts only when the
text *looks* hard-wrapped (most lines end close to one common width and none is much
longer), so a clean one-paragraph-per-line export is never touched.
"""

from __future__ import annotations

import re

from archivist.model import RepairStep
from archivist.repairs.registry import Repair, register

# words that follow a suspended hyphen: "Ost-\nund Westeuropa" keeps its hyphen
_CONJUNCTIONS = frozenset(["und", "oder", "bis", "sowie", "bzw", "respektive", "et", "ou", "and", "or", "to"])
_HYPHEN_END = re.compile(r"([^\W\d_]{2,})-\n[ \t]*([^\W\d_]+)([.,;:!?»\"”)]*)[ \t]*")


def join_hyphenated(text: str) -> tuple[str, list[RepairStep]]:
    """Move the rest of a word hyphenated at a line end back up: ``Regie-\\nrung der``.

    >>> join_hyphenated("die Regie-\\nrung der Schweiz und Ost-\\nund Westeuropa")[0]
    'die Regierung\\nder Schweiz und Ost-\\nund Westeuropa'
    """
    if "-\n" not in text:
        return text, []
    steps: list[RepairStep] = []

    def join(match: re.Match[str]) -> str:
        head, tail, punct = match.group(1), match.group(2), match.group(3)
        if not tail[0].islower() or tail.casefold() in _CONJUNCTIONS:
            return match.group(0)
        line = text.count("\n", 0, match.start()) + 1
        after = f"{head}{tail}{punct}\n"
        steps.append(
            RepairStep(
                "join_hyphenated_line_ends",
                f"source:line {line}",
                match.group(0),
                after,
                "a word was hyphenated at a hard line end",
            )
        )
        return after

    fixed = _HYPHEN_END.sub(join, text)
    return (fixed, steps) if steps else (text, [])


MIN_LINES = 6
MIN_WIDTH, MAX_WIDTH = 40, 100
NEAR_WIDTH = 15  # a wrapped line ends within this many columns of the wrap width
_SENTENCE_END = re.compile(r"[.!?:»\"”)]$")


def wrap_width(lines: list[str]) -> int | None:
    """The column the text was wrapped at, or None when it does not look wrapped.

    >>> wrap_width(["x" * 70, "x" * 68, "x" * 71, "x" * 66, "x" * 30, "x" * 69, "x" * 72])
    72
    >>> wrap_width(["x" * 300, "x" * 20, "x" * 180, "x" * 90, "x" * 75, "x" * 60]) is None
    True
    """
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < MIN_LINES:
        return None
    width = lengths[int(0.8 * (len(lengths) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH or lengths[-1] > width + NEAR_WIDTH:
        return None
    near = sum(1 for n in lengths if n >= width - NEAR_WIDTH)
    if near < 0.6 * len(lengths):
        return None
    return max(n for n in lengths if n <= width + NEAR_WIDTH)


def _ends_paragraph(line: str, following: str, after: str, width: int) -> bool:
    if not following.strip():
        return True
    next_word = following.split(maxsplit=1)[0]
    if len(line) + 1 + len(next_word) <= width - 2:
        return True  # the next word would have fitted: the line ended on purpose
    # a short line without final punctuation after it is a heading, not a wrapped tail
    return len(following) < width - NEAR_WIDTH and not _SENTENCE_END.search(following) and bool(after.strip())


def unwrap_text(text: str) -> tuple[str, list[RepairStep]]:
    """Join hard-wrapped lines back into one line per paragraph."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text, []
    out: list[str] = []
    steps: list[RepairStep] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if current:
                out.append(_flush(current, start, steps))
                current = []
            out.append(line)
            continue
        if not current:
            start = index + 1
        current.append(line.strip())
        following = lines[index + 1] if index + 1 < len(lines) else ""
        after = lines[index + 2] if index + 2 < len(lines) else ""
        if _ends_paragraph(line.rstrip(), following, after, width):
            out.append(_flush(current, start, steps))
            current = []
    if current:
        out.append(_flush(current, start, steps))
    return ("\n".join(out), steps) if steps else (text, [])


def _flush(parts: list[str], start: int, steps: list[RepairStep]) -> str:
    joined = parts[0]
    for part in parts[1:]:
        if (
            joined.endswith("-")
            and joined[-2:-1].isalpha()
            and part.split(" ", 1)[0].casefold() not in _CONJUNCTIONS
        ):
            joined += part  # Baden-\nWürttemberg
        else:
            joined += " " + part
    if len(parts) > 1:
        steps.append(
            RepairStep(
                "unwrap_hard_lines",
                f"source:line {start}",
                "\n".join(parts),
                joined,
                "the export wrapped this paragraph at a fixed width",
            )
        )
    return joined


join_hyphenated_line_ends = register(
    Repair(
        "join_hyphenated_line_ends",
        "Rejoin words hyphenated at hard line ends (Regie-/rung), keeping suspended hyphens.",
        fix_source=join_hyphenated,
    )
)
unwrap_hard_lines = register(
    Repair(
        "unwrap_hard_lines",
        "Join lines of a text hard-wrapped at a fixed width back into paragraphs.",
        fix_source=unwrap_text,
    )
)
