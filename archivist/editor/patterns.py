"""Fixes that generalise: from one editor's edit to a pattern other articles share.

When an edit matches a damage archivist knows how to generalise, :func:`derive_pattern`
turns it into a :class:`Pattern`; :func:`matches` tells whether another article has the
same damage and :func:`fix` repairs it there, as pure functions over Articles. The
rules are rows of :data:`RULES` (issue 6, point 4):

- ``kicker_glue``: the editor cut kicker K off a title it was glued to at a capital
  ("MeteoSturm über Bern" -> "Meteo" | "Sturm über Bern"); other articles without a
  kicker whose title starts with K glued before a capital get the same cut.
- ``boilerplate``: the editor removed a line (a promo, a counter); the same line shape
  goes wherever it recurs.
- ``role_shape``: the editor gave a line another role; blocks with the same role and
  line shape get the new one.
- ``kicker_move``: the editor moved a boundary the recovery put in the wrong place
  ("Züri" | "TippDie Brunnen" -> "ZüriTipp" | "Die Brunnen"); articles with the same
  kicker whose heading begins the same way get the same boundary.
- ``glued_word``: the editor split a word glued at a former link ("Tagenach" ->
  "Tage nach"); the same glued word is split wherever it stands alone.
- ``word_join``: the editor joined a word the recovery cut in two ("Züri Tipp" ->
  "ZüriTipp"); the same pair is joined wherever it stands.

A *line shape* is the line with its whitespace collapsed and digit runs generalised
(``1 / 9`` and ``3 / 12`` share a shape); everything else must be equal.

>>> from archivist.model import Article
>>> p = Pattern("kicker_glue", "Meteo")
>>> matches(Article("7", "MeteoHagel im Emmental"), p), matches(Article("8", "Meteorologen warnen"), p)
(True, False)
>>> fix(Article("7", "MeteoHagel im Emmental"), p).article.title
'Hagel im Emmental'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from archivist.editor.ops import Edit, Op, heading_title, move_kicker_boundary, read_text, write_text
from archivist.model import Article, RepairStep, Role

__all__ = ["RULES", "Pattern", "PatternRule", "derive_pattern", "fix", "line_shape", "matches"]


@dataclass(frozen=True)
class Pattern:
    """A damage pattern: the rule (a key of :data:`RULES`), its key text and extras."""

    rule: str
    key: str  # the kicker, the line shape, or the glued word
    replacement: str = ""  # glued_word: what the word becomes
    from_role: str = ""  # role_shape: the role the lines have now
    to_role: str = ""  # role_shape: the role they get

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "key": self.key,
            "replacement": self.replacement,
            "from_role": self.from_role,
            "to_role": self.to_role,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pattern:
        return cls(
            **{k: str(data.get(k, "")) for k in ("rule", "key", "replacement", "from_role", "to_role")}
        )

    def describe(self) -> str:
        return RULES[self.rule].describe(self)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def line_shape(text: str) -> str:
    """A regular expression for lines shaped like ``text`` (digit runs generalised).

    >>> shape = line_shape("Bild 1 / 9")
    >>> bool(re.fullmatch(shape, "Bild 12 / 14")), bool(re.fullmatch(shape, "Bild 1 / x"))
    (True, False)
    """
    parts = re.split(r"(\d+)", _collapse(text))
    return "".join(r"\d+" if part.isdigit() else re.escape(part) for part in parts)


def _fits(shape: str, text: str) -> bool:
    return re.fullmatch(shape, _collapse(text)) is not None


def _step(pattern: Pattern, where: str, before: str, after: str) -> RepairStep:
    return RepairStep(
        rule=f"propagation:{pattern.rule}",
        where=where,
        before=before,
        after=after,
        reason=f"an editor's fix applied to the same damage: {pattern.describe()}",
    )


# --- kicker glued to the title -------------------------------------------------------


def _kicker_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    kicker = after.kicker
    glued = not before.kicker and before.title == kicker + after.title
    if kicker and glued and after.title[:1].isupper():
        return Pattern("kicker_glue", kicker)
    return None


def _kicker_matches(article: Article, pattern: Pattern) -> bool:
    title, kicker = article.title, pattern.key
    if article.kicker or not title.startswith(kicker) or not title[len(kicker) : len(kicker) + 1].isupper():
        return False
    # a false friend ("MeteoSchweiz warnt…"): the glued word also stands in the body as one word
    glued = re.match(r"\w+", title[len(kicker) :])
    word = _word_re(kicker + (glued.group(0) if glued else ""))
    return not any(word.search(block.text) for block in article.blocks) and not word.search(article.lead)


def _kicker_fix(article: Article, pattern: Pattern) -> Edit:
    edit = move_kicker_boundary(article, pattern.replacement or pattern.key)
    steps = tuple(_step(pattern, s.where, s.before, s.after) for s in edit.steps)
    return Edit(edit.article, steps)


# --- a kicker/title boundary the recovery put in the wrong place ----------------------


def _move_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    if before.kicker and after.kicker and after.kicker != before.kicker:
        return Pattern("kicker_move", before.kicker, replacement=after.kicker)
    return None


def _move_matches(article: Article, pattern: Pattern) -> bool:
    if article.kicker != pattern.key:
        return False
    title = heading_title(article, pattern.replacement)
    return title is not None and (pattern.replacement, title) != (article.kicker, article.title)


# --- a recurring boilerplate line ------------------------------------------------------


def _boilerplate_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    text = before.blocks[int(op.params["block"])].text
    return Pattern("boilerplate", line_shape(text)) if text.strip() else None


def _boilerplate_matches(article: Article, pattern: Pattern) -> bool:
    return any(_fits(pattern.key, block.text) for block in article.blocks)


def _boilerplate_fix(article: Article, pattern: Pattern) -> Edit:
    kept, steps = [], []
    for index, block in enumerate(article.blocks):
        if _fits(pattern.key, block.text):
            steps.append(_step(pattern, f"block:{index}", block.text, ""))
        else:
            kept.append(block)
    return Edit(article.with_blocks(kept), tuple(steps))


# --- a role change for a recurring line shape -------------------------------------------


def _role_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    index = int(op.params["block"])
    old, new = before.blocks[index], after.blocks[index]
    if old.role == new.role or not old.text.strip():
        return None
    return Pattern("role_shape", line_shape(old.text), from_role=old.role.value, to_role=new.role.value)


def _role_matches(article: Article, pattern: Pattern) -> bool:
    return any(b.role.value == pattern.from_role and _fits(pattern.key, b.text) for b in article.blocks)


def _role_fix(article: Article, pattern: Pattern) -> Edit:
    blocks, steps = list(article.blocks), []
    for index, block in enumerate(article.blocks):
        if block.role.value == pattern.from_role and _fits(pattern.key, block.text):
            blocks[index] = replace(block, role=Role(pattern.to_role))
            steps.append(
                _step(
                    pattern,
                    f"block:{index}",
                    f"{pattern.from_role}: {block.text}",
                    f"{pattern.to_role}: {block.text}",
                )
            )
    return Edit(article.with_blocks(blocks), tuple(steps))


# --- a word glued at a former link ------------------------------------------------------

_EDGE = re.compile(r"^\W+|\W+$")


def _glued_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    where, at = str(op.params["where"]), int(op.params["at"])
    text = read_text(before, where)
    start = max(text.rfind(" ", 0, at) + 1, 0)
    end = text.find(" ", at)
    end = len(text) if end == -1 else end
    token = text[start:end]
    lead = len(token) - len(re.sub(r"^\W+", "", token))
    word = _EDGE.sub("", token)
    if len(word) < 4:
        return None  # too short to be told apart from real words
    cut = at - start - lead
    if not 0 < cut < len(word):
        return None
    return Pattern("glued_word", word, replacement=f"{word[:cut]} {word[cut:]}")


@lru_cache(maxsize=1024)
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _join_derive(before: Article, op: Op, after: Article) -> Pattern | None:
    where, at = str(op.params["where"]), int(op.params["at"])
    text = read_text(before, where)
    left_end = at
    while left_end > 0 and text[left_end - 1].isspace():
        left_end -= 1
    right_start = at
    while right_start < len(text) and text[right_start].isspace():
        right_start += 1
    left = re.sub(r"^\W+", "", text[text.rfind(" ", 0, left_end) + 1 : left_end])
    right_end = text.find(" ", right_start)
    right = re.sub(r"\W+$", "", text[right_start : len(text) if right_end == -1 else right_end])
    if not left or not right or len(left + right) < 4:
        return None  # too short to be told apart from real words
    return Pattern("word_join", f"{left} {right}", replacement=left + right)


def _texts(article: Article) -> list[str]:
    return ["title", "kicker", "lead", *(f"block:{i}" for i in range(len(article.blocks)))]


def _glued_matches(article: Article, pattern: Pattern) -> bool:
    found = _word_re(pattern.key)
    return any(found.search(read_text(article, where)) for where in _texts(article))


def _glued_fix(article: Article, pattern: Pattern) -> Edit:
    found, steps = _word_re(pattern.key), []
    for where in _texts(article):
        text = read_text(article, where)
        new = found.sub(pattern.replacement, text)
        if new != text:
            article = write_text(article, where, new)
            steps.append(_step(pattern, where, pattern.key, pattern.replacement))
    return Edit(article, tuple(steps))


@dataclass(frozen=True)
class PatternRule:
    """One generalisable fix: which edit it learns from, how it finds and repairs others."""

    op: str  # the editor operation it generalises
    derive: Callable[[Article, Op, Article], Pattern | None]
    matches: Callable[[Article, Pattern], bool]
    fix: Callable[[Article, Pattern], Edit]
    describe: Callable[[Pattern], str]


RULES: dict[str, PatternRule] = {
    # DESIGN.md section 1: "kicker glued to title", most title lines of the new site
    "kicker_glue": PatternRule(
        "move_kicker_boundary",
        _kicker_derive,
        _kicker_matches,
        _kicker_fix,
        lambda p: f"kicker {p.key!r} glued to the title before a capital",
    ),
    # DESIGN.md section 1: "boilerplate in body", promos and counters in 1 of 2 articles
    "boilerplate": PatternRule(
        "remove_block",
        _boilerplate_derive,
        _boilerplate_matches,
        _boilerplate_fix,
        lambda p: f"boilerplate line shaped {p.key!r}",
    ),
    # DESIGN.md section 1: "subheads flattened", fact box headings and captions as plain lines
    "role_shape": PatternRule(
        "set_role",
        _role_derive,
        _role_matches,
        _role_fix,
        lambda p: f"{p.from_role} lines shaped {p.key!r} become {p.to_role}",
    ),
    # the recovery cut a house name kicker at its inner capital: "Züri" | "TippDie Brunnen"
    "kicker_move": PatternRule(
        "move_kicker_boundary",
        _move_derive,
        _move_matches,
        _kicker_fix,
        lambda p: f"kicker {p.key!r} becomes {p.replacement!r} where the heading begins so",
    ),
    # DESIGN.md section 1: "words glued around former links", 2 of 3 articles
    "glued_word": PatternRule(
        "split_word",
        _glued_derive,
        _glued_matches,
        _glued_fix,
        lambda p: f"glued word {p.key!r} becomes {p.replacement!r}",
    ),
    # DESIGN.md section 1: false friends (PostFinance, SwissCovid) the recovery cut in two
    "word_join": PatternRule(
        "join_words",
        _join_derive,
        _glued_matches,
        _glued_fix,
        lambda p: f"word cut in two {p.key!r} becomes {p.replacement!r}",
    ),
}


def derive_pattern(before: Article, op: Op, after: Article) -> Pattern | None:
    """The pattern an editor's operation generalises to, or None (most edits are one-off)."""
    for rule in RULES.values():
        if rule.op == op.name and (pattern := rule.derive(before, op, after)) is not None:
            return pattern
    return None


def matches(article: Article, pattern: Pattern) -> bool:
    """Whether ``article`` has the damage ``pattern`` describes."""
    return RULES[pattern.rule].matches(article, pattern)


def fix(article: Article, pattern: Pattern) -> Edit:
    """``article`` with the damage repaired as the editor repaired it elsewhere."""
    return RULES[pattern.rule].fix(article, pattern)
