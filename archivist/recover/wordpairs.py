"""Two content words glued at a former link, told apart from one real word.

``Cybersicherheitinformiert``, ``agencysaid``, ``scrutindonnaient``: the space between
two ordinary words was lost where a link started or ended, and no capital marks the
seam. A plain lexicon split also cuts real words that the lexicon happens to miss
(``smartphone``, ``wellbeing``, ``drastiquement``, German compounds such as
``Abbaubudget``), so a cut is made only when every sign agrees:

* the glued form is no word: not in the language's lexicon (:mod:`.lexicon`, with the
  Swiss ``ss`` for ``ß`` and British spellings looked up too) and not used elsewhere in
  the article;
* the part after the cut is a frequent word of the lexicon (seen in running text, not
  only in its dictionary) and no compound element: few lexicon words end in it after
  another word (``-behörde``, ``-board``, ``-phone`` and suffixes such as ``-ment``
  end hundreds; ``informiert``, ``said``, ``donnaient`` almost none). German compounds
  end in a noun, a glued pair in the word after the link;
* the part before the cut is a word: a frequent lower-case word that rarely opens a
  compound (``well-``, ``out-``, ``durch-`` open many), or, capitalised, a name or noun
  the lexicon or the article knows (a German compound of two known nouns counts);
* the cut is the most frequent reading.

Pure functions of the word, the article's token counts and the lexicon.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter  # noqa: F401  (the doctests use it)
from collections.abc import Mapping
from functools import lru_cache

from archivist.recover.lexicon import lexicon, suffix_sorted
from archivist.recover.wordlists import STOPWORDS, _words

MIN_HEAD = 3  # letters before the cut
MIN_TAIL = 4  # letters after it (shorter function words: splitting._lexicon_split)
MIN_TAIL_FREQ = 51  # 50 is the count pyspellchecker gives to dictionary-only forms
MIN_HEAD_FREQ = 51  # a lower-case head must also occur in running text
MIN_STRONG_HEAD = 1000  # a head common enough to vouch for a tail only the dictionary knows
MAX_TAIL_COMPOUNDS = 8  # lexicon words ending in the tail after another word
MAX_HEAD_COMPOUNDS = 4  # lexicon words opening on the head before another word
MAX_WEAK_TAIL_COMPOUNDS = 3  # the same for a tail after a head known only as a compound
DICTIONARY_ONLY = 50


def spellings(word: str, language: str) -> tuple[str, ...]:
    """Lower-case forms to look ``word`` up under: Swiss ``ss`` as ``ß``, British as US.

    >>> spellings("Strasse", "de"), spellings("neighbours", "en")
    (('strasse', 'straße'), ('neighbours', 'neighbors'))
    """
    low = word.casefold()
    forms = [low]
    if language == "de" and "ss" in low:
        forms.append(low.replace("ss", "ß"))
    elif language == "en":
        for british, american in (("our", "or"), ("isation", "ization"), ("ise", "ize"), ("tre", "ter")):
            if british in low:
                forms.append(low.replace(british, american))
    return tuple(forms)


@lru_cache(maxsize=65536)
def frequency(word: str, language: str) -> int:
    """The lexicon count of ``word`` under any of its spellings (0 when unknown)."""
    lex = lexicon(language)
    if lex is None:
        return 0
    return max(lex.get(form, 0) for form in spellings(word, language))


@lru_cache(maxsize=6)
def _sorted_forms(language: str, reverse: bool) -> list[str]:
    return suffix_sorted(language) if reverse else sorted(lexicon(language) or {})


def _with_affix(language: str, affix: str, *, suffix: bool) -> list[str]:
    forms = _sorted_forms(language, suffix)
    key = affix[::-1] if suffix else affix
    lo = bisect.bisect_left(forms, key)
    hi = bisect.bisect_left(forms, key + "\U0010ffff")
    return [forms[i][::-1] if suffix else forms[i] for i in range(lo, hi)]


def _is_word(part: str, lex: dict[str, int], language: str) -> bool:
    if len(part) < MIN_HEAD:
        return False
    return part in lex or (language == "de" and part[-1] == "s" and part[:-1] in lex)  # Fugen-s


@lru_cache(maxsize=4096)
def tail_compounds(tail: str, language: str) -> int:
    """How many lexicon words are another word followed by ``tail`` (``Steuerbehörde``)."""
    lex = lexicon(language) or {}
    return sum(
        1 for w in _with_affix(language, tail, suffix=True) if _is_word(w[: -len(tail)], lex, language)
    )


@lru_cache(maxsize=4096)
def head_compounds(head: str, language: str) -> int:
    """How many lexicon words are ``head`` followed by another word (``wellspring``)."""
    lex = lexicon(language) or {}
    return sum(
        1 for w in _with_affix(language, head, suffix=False) if _is_word(w[len(head) :], lex, language)
    )


MIN_COMPOUND_END = 5  # letters of the last word of a compound (no abbreviation: "betr", "verb")


def is_compound(word: str, language: str, *, nested: bool = True) -> bool:
    """Is ``word`` two words of the lexicon, or three (German nouns: ``Konsumentenschutz``,
    ``Zweirundensystem``)?

    >>> [is_compound(w, "de") for w in ("Konsumentenschutz", "Zweirundensystem", "Sprachbetr")]
    [True, True, False]
    """
    lex = lexicon(language) or {}
    low = word.casefold()
    return any(
        low[k:] in lex
        and (_is_word(low[:k], lex, language) or (nested and is_compound(low[:k], language, nested=False)))
        for k in range(MIN_HEAD, len(low) - MIN_COMPOUND_END + 1)
    )


def _known_head(head: str, language: str, vocab: Mapping[str, int]) -> tuple[int, bool]:
    """A weight for ``head`` as the word before the cut (0 when it is none), and whether
    the head is only known as a compound of two words (then the tail must open none)."""
    if head_compounds(head.casefold(), language) > MAX_HEAD_COMPOUNDS:
        return 0, False  # "well-", "out-", "West-", "Fahr-": a word that opens compounds
    if head[0].isupper():
        # a name or a noun written on its own in the article ("Thursday", "Instagram");
        # German: any noun of the lexicon ("Luftwaffe", "Atomenergiebehörde"), or a
        # compound of two ("Konsumentenschutz")
        if vocab.get(head, 0):
            return max(frequency(head, language), DICTIONARY_ONLY), False
        if language != "de":
            return 0, False
        found = frequency(head, language)
        if found:
            return found, False
        return (DICTIONARY_ONLY, True) if is_compound(head, language) else (0, False)
    found = frequency(head, language)
    return (found, False) if found >= MIN_HEAD_FREQ else (0, False)


def pair_cut(word: str, language: str, vocab: Mapping[str, int]) -> int | None:
    """Where ``word`` is two words glued at a former link, or None.

    >>> pair_cut("agencysaid", "en", Counter()), pair_cut("smartphone", "en", Counter())
    (6, None)
    """
    if lexicon(language) is None or not word.isalpha() or len(word) < MIN_HEAD + MIN_TAIL:
        return None
    other = word.casefold() if word[0].isupper() else word.capitalize()
    if frequency(word, language) or vocab.get(word, 0) > 1 or vocab.get(other, 0):
        return None  # a word of the lexicon, or one the article uses more than once
    best, best_score = None, 0.0
    for k in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:k], word[k:]
        if not tail.islower():
            return None  # an inner capital: a glue of another kind, or a brand
        tail_freq = frequency(tail, language)
        if tail_freq < MIN_TAIL_FREQ and not (
            language == "fr" and tail_freq and frequency(head, language) >= MIN_STRONG_HEAD
        ):
            continue  # a German noun ending a compound is often in the dictionary only (French has
            # no closed compounds: a rare verb form after a common word, "amendementplafonnant")
        compounds = tail_compounds(tail, language)
        if compounds > MAX_TAIL_COMPOUNDS:
            continue
        head_weight, weak_head = _known_head(head, language, vocab)
        if not head_weight:
            continue
        if weak_head and compounds > MAX_WEAK_TAIL_COMPOUNDS:
            continue  # a head only known as a compound: the tail must end (almost) none
        score = math.log(head_weight) + math.log(tail_freq)
        if score > best_score:
            best, best_score = k, score
    return best


# --- a French elided article or preposition glued to the word before it -----------------

# "professionneld'une", "élevésd'Europe": the link ended before "d'une"; one letter of
# elision (qu' is left alone: jusqu', lorsqu', quelqu' end on a word, too)
_ELIDED_GLUE = re.compile(r"(?<![\w'’@#/.-])([^\W\d_]{3,})[dlnjmtsc](?=['’][^\W\d_])")
# what it cannot match without, as a search that skips ahead from apostrophe to apostrophe
_ELISION_SEAM = re.compile(r"['’](?<=[^\W\d_]{3}[dlnjmtsc]['’])(?=[^\W\d_])")


def elision_cuts(text: str, language: str) -> list[int]:
    """Offsets in ``text`` where an elided ``d'``, ``l'``… was glued to the word before.

    >>> t = "son premier but en professionneld'une frappe, aujourd'hui"
    >>> [t[i:i+5] for i in elision_cuts(t, "fr")]
    ["d'une"]
    """
    if language != "fr" or lexicon(language) is None or not _ELISION_SEAM.search(text):
        return []
    cuts = []
    for match in _ELIDED_GLUE.finditer(text):
        head = match.group(1)
        glued = text[match.start() : match.end()]
        if not frequency(glued, language) and frequency(head, language) >= MIN_HEAD_FREQ:
            cuts.append(match.end(1))
    return cuts


# --- a number glued to the function word before or after it --------------------------

# "auteur de34 arrêts", "£2,000on resale": letters then digits, or digits then letters
_WORD_NUMBER = re.compile(r"(?<![\w'’@#/.-])([^\W\d_]{2,4})(?=\d+(?:[.,'’]\d+)*(?![\w'’@#/-]))")
_NUMBER_WORD = re.compile(r"(?<![\w'’@#/.-])\d+(?:[.,'’]\d+)*([^\W\d_]{2,4})(?![\w'’@#/.-])")
# what both need: a letter right before or after a digit (the search skips from digit to digit)
_LETTER_DIGIT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?=[^\W\d_]))")
# letters a number carries in clean text: ordinals, units, decades, times ("1er", "20er",
# "4am", "5km", "3pm", "90s") are never cut off
NUMBER_SUFFIXES = frozenset(
    _words("st nd rd th er e es ème ers re am pm h min km m kg cm mm ml s mal fach jährig")
)


def number_cuts(text: str, language: str) -> list[int]:
    """Offsets where a function word and a number lost the space between them.

    >>> t = "auteur de34 arrêts, le 1er mai, 20min.ch"
    >>> [t[i:i+2] for i in number_cuts(t, "fr")]
    ['34']
    """
    stops = STOPWORDS.get(language)
    if not stops or not _LETTER_DIGIT.search(text):
        return []
    cuts = [m.end() for m in _WORD_NUMBER.finditer(text) if m.group(1).casefold() in stops]
    cuts += [
        m.start(1)
        for m in _NUMBER_WORD.finditer(text)
        if m.group(1) in stops and m.group(1) not in NUMBER_SUFFIXES
    ]
    return cuts
