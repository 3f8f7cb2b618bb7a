"""Language detection per article: count function words of each language.

Small and deterministic on purpose: news text is long enough that the share of
French, German and English function words decides reliably (ties and texts with
fewer than three hits give ``"und"``, BCP 47 for undetermined).
"""

from __future__ import annotations

import re
from collections import Counter

from archivist.recover.wordlists import STOPWORDS

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# Letters that only one of the languages uses, counted in the lower-cased text; each hit
# counts like half a stopword.
_LETTERS: dict[str, str] = {"fr": "éèêàçœ", "de": "äöüß"}
# French elision in the lower-cased text: l' d' qu' n' s' j' (written apostrophe first, so
# the search skips to it); counts like the letters
_ELISION = re.compile(r"'(?<=\b[ldnsj]')|'(?<=\bqu')")

MIN_HITS = 3
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in STOPWORDS.items():
    for _word in _words:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)


def detect_language(text: str, *, sample: int = 2000) -> str:
    """``fr``, ``de``, ``en`` or ``und`` for ``text`` (only the first ``sample`` chars count).

    >>> detect_language("Le régime syrien et ses alliés ont pris mardi de nouveaux quartiers.")
    'fr'
    >>> detect_language("Die Regierung hat am Montag die neuen Zahlen für das Jahr bestätigt.")
    'de'
    >>> detect_language("The council approved the new budget for the harbour on Friday.")
    'en'
    >>> detect_language("12 34")
    'und'
    """
    low = text[:sample].lower()
    scores = dict.fromkeys(STOPWORDS, 0.0)
    counts = Counter(_WORD.findall(low))
    for word in counts.keys() & _LANGS_OF.keys():  # the stopwords among the words, in C
        for lang in _LANGS_OF[word]:
            scores[lang] += counts[word]
    for lang, letters in _LETTERS.items():
        scores[lang] += 0.5 * sum(map(low.count, letters))
    if "'" in low:
        scores["fr"] += 0.5 * len(_ELISION.findall(low))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_HITS or top == second:
        return "und"
    return best
