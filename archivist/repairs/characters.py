"""Character-level repairs: mojibake and leaked entities, invisible characters,
no-break spaces. They run on the raw source (per line) and on every article field.

ftfy is called only on texts a cheap pattern flags as suspect (DESIGN.md section 4:
ftfy is fast, but most texts are clean, and its defaults are not conservative enough).
"""

from __future__ import annotations

import re

import ftfy
from ftfy.chardata import HTML_ENTITY_RE
from ftfy.fixes import unescape_html

from archivist.model import Article, RepairStep
from archivist.repairs.fields import TEXT_FIELDS, TextFix, fix_fields, fix_lines
from archivist.repairs.registry import Repair, register

# uncurl_quotes=False: the default changed 132 of 181 clean texts (DESIGN.md section 4);
# no width/ligature/NFC/line-break changes either: we repair damage, we do not restyle.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# UTF-8 read as cp1252/latin-1 ("Ã©", "â€™", "Ã\xa0"), leaked entities, C1 controls
# (every branch opens on one character class, so the search skips ahead to those)
SUSPECT = re.compile(
    "[ÂÃÅÄâ&\u0080-\u009f]"
    "(?:(?<=[ÂÃÅÄâ])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    r"|(?<=&)(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z][a-zA-Z0-9]{1,7});"
    "|(?<=[\u0080-\u009f]))"
)
# the same without the entities: what a text shows when its bytes were misread
MOJIBAKE = re.compile(
    "[ÂÃÅÄâ\u0080-\u009f]"
    "(?:(?<=[ÂÃÅÄâ])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?<=[\u0080-\u009f]))"
)


def fix_encoding_text(text: str) -> str:
    """Mojibake and leaked entities repaired; clean text returned as is.

    >>> fix_encoding_text("Le rÃ©gime sâ€™empare de la ville&nbsp;d&eacute;truite")
    'Le régime s’empare de la ville\\xa0détruite'
    >>> fix_encoding_text("«Je ne suis pas au courant», a dit Kerry.")
    '«Je ne suis pas au courant», a dit Kerry.'
    """
    if not SUSPECT.search(text):
        return text
    if "<" not in text and "\n" not in text and len(text) <= FTFY_CONFIG.max_decode_length:
        unescaped = unescape_html(text)
        # (a line whose only suspect is an entity goes to ftfy's mojibake heuristics
        # only if unescaping shows mojibake, like any line: "&Atilde;&copy;")
        fixed = ftfy.fix_encoding(unescaped) if MOJIBAKE.search(unescaped) else unescaped
        if not _LEFT_FOR_FTFY.search(fixed) and not HTML_ENTITY_RE.search(fixed):
            return fixed
    return ftfy.fix_text(text, FTFY_CONFIG)


# The shortcut above gives what ``ftfy.fix_text(text, FTFY_CONFIG)`` gives, in one pass
# instead of two (ftfy runs every step again to see that nothing moves), but for one
# thing: a line without mojibake once its entities are unescaped is not submitted to
# ftfy's mojibake heuristics, as a line without entities or mojibake never is. On one
# line without "<", fix_text unescapes entities, fixes the encoding with fix_encoding
# (ftfy's default settings, which ours share), then runs the character fixers we
# enabled. When the result has nothing those fixers act on (a terminal escape, a C1
# control, a lone surrogate) and no entity left to unescape, neither the fixers nor the
# second pass can change it: fix_encoding stops only on a text it leaves as is. The
# property test (tests/test_characters_ftfy.py) holds the two equal but for that one
# thing.
_LEFT_FOR_FTFY = re.compile("[\x1b\x80-\x9f\ud800-\udfff]")


# soft hyphen, zero-width space, word joiner, byte-order mark inside text
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def remove_invisible(text: str) -> str:
    """
    >>> remove_invisible("Regie\\u00adrung")
    'Regierung'
    """
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


NBSP = re.compile("[\u00a0\u202f\u2007]")
# French typography keeps a (narrow) no-break space before ; : ! ? » and after «.
# Digit groups lose theirs ("25 000"): exporters scattered no-break spaces after numbers.
_KEEP_AFTER = frozenset(";:!?»")
_KEEP_BEFORE = frozenset("«")


def normalise_nbsp(text: str) -> str:
    """No-break spaces become spaces, except where French typography wants them.

    >>> normalise_nbsp("Il a dit\\u00a0: «\\u202fnon\\u202f» à 10\\u00a0000 francs en\\u00a0ville")
    'Il a dit\\xa0: «\\u202fnon\\u202f» à 10 000 francs en ville'
    """
    if not NBSP.search(text):
        return text
    out = []
    last = 0
    for match in NBSP.finditer(text):
        i = match.start()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        keep = after in _KEEP_AFTER or before in _KEEP_BEFORE
        if not keep:
            out.append(text[last:i])
            out.append(" ")
            last = i + 1
    out.append(text[last:])
    return "".join(out)


def _fixed_texts(article: Article) -> str:
    """Every text :func:`~archivist.repairs.fields.fix_fields` applies a fix to, one a line."""
    parts = [getattr(article, name) for name in TEXT_FIELDS]
    for block in article.blocks:
        parts += [block.text, *block.items, block.credit, block.alt]
    return "\n".join(parts)


def _field_repair(
    name: str, fix: TextFix, reason: str, summary: str, suspect: re.Pattern[str], *, local: bool = False
) -> Repair:
    """``suspect``: what ``fix`` needs to find to change a text (no match spans a line
    break), so one search over the whole source or article spares the text-by-text pass.
    ``local``: ``fix`` changes characters one by one, looking at their neighbours at most,
    and never a line break, so it may run over the whole source at once."""

    def fix_article(article: Article) -> tuple[Article, list[RepairStep]]:
        if not suspect.search(_fixed_texts(article)):
            return article, []
        return fix_fields(article, fix, name, reason)

    def fix_source(text: str) -> tuple[str, list[RepairStep]]:
        if not suspect.search(text):
            return text, []
        return fix_lines(text, fix, name, reason, whole=local)

    fix_article.__name__ = fix_source.__name__ = name
    return register(Repair(name, summary, fix_article=fix_article, fix_source=fix_source))


fix_encoding = _field_repair(
    "fix_encoding",
    fix_encoding_text,
    "UTF-8 text had been decoded as cp1252/latin-1, or HTML entities leaked into the text",
    "Repair mojibake (Ã©, â€™) and leaked HTML entities (&eacute;, &nbsp;) with ftfy.",
    SUSPECT,
)
remove_soft_hyphens = _field_repair(
    "remove_soft_hyphens",
    remove_invisible,
    "invisible soft hyphens or zero-width characters split words for search and copy",
    "Remove soft hyphens (U+00AD), zero-width spaces, word joiners and stray BOMs.",
    INVISIBLE,
    local=True,
)
normalise_no_break_spaces = _field_repair(
    "normalise_no_break_spaces",
    normalise_nbsp,
    "no-break spaces outside French typography break line wrapping and search",
    "Turn no-break spaces into spaces, keeping French typographic ones (before ;:!?»%, after «).",
    NBSP,
    local=True,  # a line break beside a no-break space keeps it no more than a line end does
)
