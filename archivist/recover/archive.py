"""Archive-wide word statistics: what the other records of an archive write.

A word glued at a former link in one article (``ofa``, ``vapingafter``) is usually
written correctly in many others (``of a``, ``vaping`` alone), while the glued form
itself is rare across the archive; a real word the lexicon misses (a name, a compound)
is written whole in other records too. One article alone cannot tell the two apart,
an archive often can. :class:`ArchiveVocabulary` holds, per language, in how many
records each token and each pair of short words occurs; it is counted by a first pass
over the records of a run (:func:`archivist.vocabulary.build_vocabulary`) and comes into
recovery as data (``process_record(..., archive=...)``), never read from a file here.

How the glued-word repair uses it (:mod:`archivist.repairs.splitting`):

* :meth:`ArchiveVocabulary.evidence`: the article's token counts plus the other records
  that write each token, in the place of the article's counts alone. A glued form that
  other records write whole is a word, not a glue; a head the article does not write on
  its own but other records do is a known word before a function word, in a lower-case
  word (``vapingafter``); not in a capitalised one (names and German nouns end in the
  letters of function words: other records write ``Roman``, ``March`` alone, but
  ``Romandie``, ``Marchand`` are words), and not before a content word (``Annemasse``);
* :meth:`ArchiveVocabulary.pair_cuts`: a short lower-case token that no other record
  writes and that splits into a pair of words other records write side by side
  (``ofa``: ``of a`` in ten records) is cut there; too short for the lexicon's rules.

The archive is taken to hold the article's own record (a first pass over the run's
records does): a token the article writes counts one record less as "other records".
Every function here is pure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain

from archivist.errors import ConfigError

FORMAT = "archivist-vocabulary/1"  # the "format" of the JSON file (archivist vocabulary -o)
_STRIP = "«»\"'“”‘’„()[]{}.,;:!?…"  # as archivist.recover.glue.vocabulary strips tokens
# A pair of words is counted when the two, glued, make a token of at most this many
# letters: the glues of two short words (ofa, asa, dela) are too short for the lexicon's
# rules (5 letters at least: splitting._LOWER_TOKEN), and the table stays small.
MAX_PAIR_LETTERS = 6
MIN_PAIR_RECORDS = 3  # records that must write the pair apart before a short token is cut
# A glue of two frequent words recurs in a large archive ("ofa" in a few records, "of a" in
# thousands): other records that write a short token whole are no sign of a word when this
# many times as many write its two words apart.
PAIR_RATIO = 3
_SHORT_WORD = re.compile(r"[^\W\d_]+")


def _lower_word(token: str) -> bool:
    return token.islower() and _SHORT_WORD.fullmatch(token) is not None


@dataclass(frozen=True)
class ArchiveVocabulary:
    """Per language, in how many records each token (as written, edge punctuation
    stripped) and each pair of short lower-case words (``"of a"``) occurs.

    >>> archive = count_archive([("en", "Thursday in Bern."), ("en", "On Thursday, of a")])
    >>> archive.records["en"], archive.words["en"]["Thursday"], archive.pairs["en"]["of a"]
    (2, 2, 1)
    """

    records: Mapping[str, int] = field(default_factory=dict)
    words: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    pairs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def evidence(self, article: Mapping[str, int], language: str) -> Mapping[str, int]:
        """``article``'s token counts plus, per token, the other records that write it
        (none for a recurring glue, :meth:`recurring_glue`)."""
        words = self.words.get(language)
        if not words:
            return article
        return WordEvidence(article, words, lambda token: self.recurring_glue(token, language))

    def pair_split(self, token: str, language: str) -> tuple[int, int]:
        """``(cut, records)``: the cut of a short lower-case ``token`` into the pair of words
        the most records write side by side, and how many; ``(0, 0)`` when none does.

        >>> count_archive([("en", "of a"), ("en", "of a")]).pair_split("ofa", "en")
        (2, 2)
        """
        pairs = self.pairs.get(language)
        if not pairs or len(token) > MAX_PAIR_LETTERS or not _lower_word(token):
            return 0, 0
        seen = {k: pairs.get(f"{token[:k]} {token[k:]}", 0) for k in range(1, len(token))}
        k = max(seen, key=lambda cut: seen[cut], default=0)
        return (k, seen[k]) if k and seen[k] else (0, 0)

    def recurring_glue(self, token: str, language: str) -> bool:
        """Does the archive write ``token``'s two words apart in at least
        :data:`MIN_PAIR_RECORDS` records and :data:`PAIR_RATIO` times as many as write
        it whole? Then the records that write it whole hold the same glue.

        >>> archive = count_archive([("en", "of a")] * 6 + [("en", "ofa")] * 2)
        >>> archive.recurring_glue("ofa", "en"), archive.recurring_glue("into", "en")
        (True, False)
        """
        _, apart = self.pair_split(token, language)
        whole = self.words.get(language, {}).get(token, 0)
        return apart >= MIN_PAIR_RECORDS and apart >= PAIR_RATIO * whole

    def pair_cuts(self, tokens: Iterable[str], language: str, lexicon: Mapping[str, int]) -> dict[str, int]:
        """``token -> cut`` for the short lower-case ``tokens`` that are two words glued:
        at least :data:`MIN_PAIR_RECORDS` records write the two words side by side, no
        other record writes the token whole (or the glue recurs, :meth:`recurring_glue`),
        and the token is no word of the ``lexicon``, however rare: a small archive seldom
        holds ``beider``, ``rundum``, ``cutoff``, ``asa`` twice, while its records write
        ``bei der`` (10 of the 35 German training articles), ``rund um``, ``cut off``,
        ``as a`` apart.

        >>> archive = count_archive([("en", "of a"), ("en", "of a"), ("en", "of a"), ("en", "ofa")])
        >>> archive.pair_cuts(["ofa", "onto"], "en", {"onto": 104057})
        {'ofa': 2}
        """
        words = self.words.get(language, {})
        cuts: dict[str, int] = {}
        for token in tokens:
            if len(token) > MAX_PAIR_LETTERS or token in lexicon:
                continue  # too long for the pairs, or a word (most short tokens: "the", "und")
            k, apart = self.pair_split(token, language)
            if apart < MIN_PAIR_RECORDS:
                continue  # too few records write the pair apart
            if words.get(token, 0) > 1 and not self.recurring_glue(token, language):
                continue  # written whole in other records: a word
            cuts[token] = k
        return cuts

    def to_json(self) -> str:
        """The vocabulary as JSON (sorted, so that one archive always gives one file)."""
        data = {
            "format": FORMAT,
            "records": dict(sorted(self.records.items())),
            "words": {lang: dict(sorted(counts.items())) for lang, counts in sorted(self.words.items())},
            "pairs": {lang: dict(sorted(counts.items())) for lang, counts in sorted(self.pairs.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, where: str = "vocabulary") -> ArchiveVocabulary:
        """The vocabulary :meth:`to_json` wrote; :class:`ConfigError` for anything else."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"Vocabulary {where!r} is not JSON ({exc}). Build it again with `archivist vocabulary`."
            raise ConfigError(msg) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            msg = (
                f"Vocabulary {where!r} is not an archivist vocabulary ({FORMAT}). "
                "Build it with `archivist vocabulary`."
            )
            raise ConfigError(msg)
        try:
            records = {str(k): int(v) for k, v in data["records"].items()}
            words = {str(k): {str(w): int(n) for w, n in v.items()} for k, v in data["words"].items()}
            pairs = {str(k): {str(w): int(n) for w, n in v.items()} for k, v in data["pairs"].items()}
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            msg = f"Vocabulary {where!r} is damaged ({exc!r}). Build it again with `archivist vocabulary`."
            raise ConfigError(msg) from exc
        return cls(records, words, pairs)


class WordEvidence(Mapping[str, int]):
    """How often an article writes each token, plus how many other records of the archive
    write it: used where the glued-word repair asks the article's counts alone.

    A recurring glue (``glue(word)``) gets the article's count alone.

    >>> archive = {"vapingafter": 1, "vaping": 4, "ofa": 3}
    >>> e = WordEvidence(Counter({"vapingafter": 1}), archive, {"ofa"}.__contains__)
    >>> e.get("vapingafter", 0), e.get("vaping", 0), e.get("juuling", 0), e.get("ofa", 0)
    (1, 4, 0, 0)
    """

    __slots__ = ("_archive", "_article", "_glue")

    def __init__(
        self, article: Mapping[str, int], archive: Mapping[str, int], glue: Callable[[str], bool]
    ) -> None:
        self._article = article
        self._archive = archive
        self._glue = glue

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        here = self._article.get(word, 0)
        # the archive counts this article's own record too, when it writes the word
        others = self._archive.get(word, 0) - (1 if here else 0)
        total = here + others if others > 0 and not self._glue(word) else here
        return total if total else default

    def __getitem__(self, word: str) -> int:
        total = self.get(word)
        if total is None:
            raise KeyError(word)
        return total

    def __iter__(self) -> Iterator[str]:
        return chain(self._article, (w for w in self._archive if w not in self._article))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def count_archive(texts: Iterable[tuple[str, str]]) -> ArchiveVocabulary:
    """The vocabulary of ``(language, text)`` records: one count per record a token occurs in.

    >>> count_archive([("fr", "de la"), ("fr", "de la, de")]).words["fr"]["de"]
    2
    """
    records: Counter[str] = Counter()
    words: dict[str, Counter[str]] = {}
    pairs: dict[str, Counter[str]] = {}
    for language, text in texts:
        records[language] += 1
        raw = text.split()
        tokens = [token.strip(_STRIP) for token in raw]
        words.setdefault(language, Counter()).update(set(tokens) - {""})
        # two short words side by side, with no punctuation between them ("of a", not "of, a")
        seen = {
            f"{a} {b}"
            for first, a, b in zip(raw, tokens, tokens[1:], strict=False)
            if first.endswith(a)
            and len(a) + len(b) <= MAX_PAIR_LETTERS
            and a
            and b
            and _lower_word(a)
            and _lower_word(b)
        }
        pairs.setdefault(language, Counter()).update(seen)
    return ArchiveVocabulary(dict(records), words, pairs)
