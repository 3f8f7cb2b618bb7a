"""Hard-wrapped exports: lines cut at ~72 columns, words hyphenated at line ends.

Both repairs run on the raw source text only. :func:`unwrap_text` acts only when the
text *looks* hard-wrapped (most lines end close to one common width and none is much
longer), so a clean one-paragraph-per-line export is never touched.
"""

from __future__ import annotations

import re
from collections import Counter

from archivist.model import RepairStep
from archivist.recover.wordlists import STOPWORDS
from archivist.repairs.registry import Repair, register

# words that follow a suspended hyphen: "Ost-\nund Westeuropa" keeps its hyphen
_CONJUNCTIONS = frozenset(["und", "oder", "bis", "sowie", "bzw", "respektive", "et", "ou", "and", "or", "to"])
# first parts of compounds whose second part is lower-case: "vice-\nprésident" keeps its hyphen
COMPOUND_HEADS = frozenset(
    [
        "vice",
        "porte",
        "arrière",
        "avant",
        "après",
        "sous",
        "contre",
        "demi",
        "semi",
        "anti",
        "post",
        "néo",
        "grand",
        "grande",
        "petit",
        "petite",
        "belle",
        "beau",
        "week",
        "lave",
        "garde",
        "chef",
        "cessez",
        "peut",
        "long",
        "short",
        "well",
        "self",
        "follow",
        "high",
        "full",
        "part",
        "half",
        "cross",
        "left",
        "right",
        "world",
        "first",
        "year",
        "hard",
        "three",
        "four",
        "five",
        "seven",
        "eight",
        "nine",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "multi",
        "ultra",
        "extra",
        "super",
    ]
)
# (from the start of the word only: a match never starts inside one)
_HYPHEN_END = re.compile(r"(?<!\S)(\S*[^\W\d_])-\n[ \t]*(\S+)[ \t]*")
_EDGE = "«»\"'“”‘’„()[]{}.,;:!?…"
MIN_HYPHENATED = 8  # words shorter than this are not hyphenated by typesetters


_STOP = frozenset().union(*STOPWORDS.values())


def _known(word: str, vocab: Counter[str], seen: int = 1) -> bool:
    """A word seen on its own in the text (at least ``seen`` times), or a function word."""
    return len(word) >= 2 and (
        vocab[word] >= seen or word.casefold() in _STOP or vocab[word.capitalize()] >= seen
    )


def keeps_hyphen(head: str, tail: str, vocab: Counter[str]) -> bool:
    """Is ``head-`` + ``tail`` a compound (keep the hyphen) rather than a hyphenated word?

    >>> keeps_hyphen("Regie", "rung", Counter()), keeps_hyphen("cessez-le", "feu", Counter())
    (False, True)
    >>> keeps_hyphen("vice", "président", Counter()), keeps_hyphen("Nein", "Stimmen", Counter())
    (True, True)
    """
    head = re.split(r"['’]", head.lstrip(_EDGE))[-1]  # l'arrière-: judge "arrière"
    if tail.casefold() in _CONJUNCTIONS:  # "Ost-\nund Westeuropa": a suspended hyphen
        return True
    word = tail.rstrip(_EDGE)
    if not word or not word[0].isalpha() or word[0].isupper():
        return True
    if vocab[f"{head}-{word}"] or "-" in head or head.casefold() in COMPOUND_HEADS:
        return True
    if vocab[f"{head}{word}"]:
        return False
    first = word.split("-", 1)[0]
    # the tail is a token of the text itself: it must be seen once more to count as a word
    if "-" in word and _known(first, vocab):
        return True  # rez-de-chaussée, cessez-le-feu
    # a tail that is a word of its own (not a function word: -den, -es, -in end words too)
    if len(first) >= 3 and first.casefold() not in _STOP and _known(head, vocab):
        return vocab[first] >= (2 if first == word else 1)
    # typesetters hyphenate long words only (counting the punctuation that sticks to them)
    return len(head) + len(tail) < MIN_HYPHENATED


def join_hyphenated(text: str) -> tuple[str, list[RepairStep]]:
    """Move the rest of a word hyphenated at a line end back up: ``Regie-\\nrung der``.

    >>> join_hyphenated("die Regie-\\nrung der Schweiz und Ost-\\nund Westeuropa")[0]
    'die Regierung\\nder Schweiz und Ost-\\nund Westeuropa'
    """
    if "-\n" not in text:
        return text, []
    vocab = Counter(tok.strip(_EDGE) for tok in text.split())
    steps: list[RepairStep] = []

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if tail[:1] in ("-", "/") and tail[1:2].isalpha():  # "short-\n-pitched", "Keystone-\n/Peter"
            pass  # joined as head + tail: the tail carries the compound's own hyphen or slash
        elif keeps_hyphen(head, tail, vocab):
            return match.group(0)
        line = text.count("\n", 0, match.start()) + 1
        after = f"{head}{tail}\n"
        reason = "a word was hyphenated at a hard line end"
        steps.append(
            RepairStep("join_hyphenated_line_ends", f"source:line {line}", match.group(0), after, reason)
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


def _blank_separated(lines: list[str]) -> list[tuple[int, list[str]]] | None:
    """``(first line number, lines)`` between blank lines, when blank lines separate
    wrapped paragraphs (most lines belong to a group of several short lines)."""
    groups: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                groups.append((number, current))
            current.append(line.strip())
        else:
            current = []
    nonblank = sum(len(g) for _, g in groups)
    if len(groups) < 2 or max(len(line) for _, g in groups for line in g) > MAX_WIDTH:
        return None
    if sum(len(g) for _, g in groups if len(g) > 1) < 0.5 * nonblank:
        return None
    return groups


def unwrap_text(text: str) -> tuple[str, list[RepairStep]]:
    """Join hard-wrapped lines back into one line per paragraph.

    >>> unwrap_text("Titre\\n\\nUne phrase coupée\\nen deux.\\n\\nEt la suite de\\nl'Alep-\\nEst.")[0]
    "Titre\\nUne phrase coupée en deux.\\nEt la suite de l'Alep-Est."
    """
    lines = text.split("\n")
    groups = _blank_separated(lines)
    steps: list[RepairStep] = []
    if groups is not None:  # paragraphs wrapped and separated by blank lines
        joined = [_flush(group, number, steps) for number, group in groups]
        return "\n".join(joined) + ("\n" if text.endswith("\n") else ""), steps
    width = wrap_width(lines)
    if width is None:
        return text, []
    out: list[str] = []
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
            and joined[-2:-1].isalnum()
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
