"""Repairs that cut glued text apart: kicker/title, paragraphs and subheads, words.

The judgement (where a glue is, which false friends to spare) lives in
:mod:`archivist.recover.glue` and :mod:`archivist.recover.segment`; here it is applied
to the fields and blocks of an article, with one step per field or block changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from archivist.model import Article, Block, RepairStep, Role
from archivist.recover.archive import ArchiveVocabulary
from archivist.recover.glue import (
    _NUMBERED,
    is_protected,
    sentence_glues,
    split_kicker,
    vocabulary,
    word_glues,
)
from archivist.recover.lang import detect_language
from archivist.recover.lexicon import lexicon
from archivist.recover.segment import kept_line_breaks, split_blocks
from archivist.recover.wordlists import (
    CAMELCASE_WORDS,
    COMPOUND_FUNCTION_WORDS,
    LINK_TAILS,
    STOPWORDS,
    _words,
)
from archivist.recover.wordpairs import (
    DICTIONARY_ONLY,
    elision_cuts,
    head_compounds,
    is_compound,
    number_cuts,
    pair_cut,
)
from archivist.repairs.registry import Repair, register
from archivist.textspan import remap_marks, slice_marks


def article_text(article: Article) -> str:
    """All the text of an article, for word statistics."""
    parts = [article.kicker, article.title, article.lead]
    for block in article.blocks:
        parts.append(block.text)
        parts.extend(block.items)
    return "\n".join(parts)


def fix_kicker_title(article: Article) -> tuple[Article, list[RepairStep]]:
    """Split a kicker glued to the title (``Syrie - AlepLe régime…``) when there is no kicker."""
    if article.kicker or not article.title:
        return article, []
    vocab = vocabulary(article_text(article))
    first_glue = next(word_glues(article.title, vocab, strict=True), None)
    if first_glue is None:
        return article, []
    split = split_kicker(article.title, vocab)
    if split is None:
        return article, []
    kicker, title = split
    step = RepairStep(
        "split_kicker_title",
        "title",
        article.title,
        f"{kicker}\n{title}",
        "the kicker was glued to the title when the hidden separator was dropped",
    )
    return replace(article, kicker=kicker, title=title), [step]


def _split_blocks_of(article: Article, *, glue: bool, runin: bool) -> tuple[Article, list[RepairStep]]:
    vocab: Counter[str] | None = None
    steps: list[RepairStep] = []
    out: list[Block] = []
    lead = article.lead
    if glue and lead:  # "Le chapô.Le premier paragraphe…": the body was glued to the lead
        vocab = vocabulary(article_text(article))
        found = split_blocks(lead, vocab, runin=False)
        if found is not None:
            pieces, rule = found
            lead = pieces[0].text
            out.extend(Block(p.role, p.text) for p in pieces[1:])
            steps.append(
                RepairStep(rule, "lead", article.lead, "\n".join(p.text for p in pieces), _WHY[rule])
            )
    paragraphs = not kept_line_breaks(b.text for b in article.blocks if b.role is Role.PARAGRAPH)
    for index, block in enumerate(article.blocks):
        if block.role is not Role.PARAGRAPH:
            out.append(block)
            continue
        if vocab is None:
            vocab = vocabulary(article_text(article))
        found = split_blocks(block.text, vocab, glue=glue, runin=runin, paragraphs=paragraphs)
        if found is None:
            out.append(block)
            continue
        pieces, rule = found
        ends = [p.start for p in pieces[1:]] + [len(block.text)]
        for piece, end in zip(pieces, ends, strict=True):
            out.append(Block(piece.role, piece.text, marks=slice_marks(block.marks, piece.start, end)))
        steps.append(
            RepairStep(rule, f"block:{index}", block.text, "\n".join(p.text for p in pieces), _WHY[rule])
        )
    if not steps:
        return article, []
    return replace(article, lead=lead, blocks=tuple(out)), steps


_WHY = {
    "split_glued_paragraphs": "paragraph breaks were lost when tags were stripped (text glued after . ! ?)",
    "split_runin_subhead": "a subhead was run into its paragraph when its line break was lost",
}


# a cheap test before the real search: punctuation or a lower-case letter right before a capital
# (it opens on the capital and looks back: the search skips ahead from capital to capital)
_MAYBE_GLUED = re.compile(r"[A-ZÀ-Þ«„“\"](?:(?<=[.!?…»”)].)|(?<=[a-zß-ÿ][A-ZÀ-Þ]))")


def fix_glued_paragraphs(article: Article) -> tuple[Article, list[RepairStep]]:
    if not any(_MAYBE_GLUED.search(b.text) for b in article.blocks) and not _MAYBE_GLUED.search(article.lead):
        return article, []
    return _split_blocks_of(article, glue=True, runin=False)


def fix_runin_subheads(article: Article) -> tuple[Article, list[RepairStep]]:
    if not any(_NUMBERED.match(b.text) for b in article.blocks if b.role is Role.PARAGRAPH):
        return article, []
    return _split_blocks_of(article, glue=False, runin=True)


# --- words glued around former links ----------------------------------------------------

_ALL_STOP = frozenset().union(*STOPWORDS.values())
_DECLENSION = frozenset({"der", "den", "dem", "des"})
_TAIL_TUPLES = {lang: tuple(sorted(tails)) for lang, tails in LINK_TAILS.items()}
# a word of letters only, not inside a URL, handle or hashtag; after a French elision too
# ("qu'ilsmaintiennent")
_LOWER_TOKEN = re.compile(
    r"(?:(?<![\w'’@#/.-])|(?<=\b[dlnjmtsc]['’])|(?<=\bqu['’]))([^\W\d_]{5,})(?![\w'’-])"
)
# a word opening a sentence (or a block): "Lafracture entre Romands…" (after sentence
# punctuation: the search skips ahead to it; at the start of a line: matched line by line)
_INITIAL_TOKEN = re.compile(r"[.!?…»]\s+([A-ZÀ-Þ][^\W\d_]{4,})(?![\w'’-])")
_LINE_INITIAL_TOKEN = re.compile(r"([A-ZÀ-Þ][^\W\d_]{4,})(?![\w'’-])")
# a word too short for _LOWER_TOKEN, cut only where the archive's pairs say so ("ofa")
_SHORT_MAX = 5
_SHORT_TOKEN = re.compile(r"(?<![\w'’@#/.-])([^\W\d_]{2,4})(?![\w'’-])")
# a comma or an opening quote glued between two words: "verstehen,wie", "as“very"
# (two patterns that open on the punctuation itself, so the search skips ahead to it:
# the cut is after the comma, before the quote)
_COMMA_GLUE = re.compile(r"[,;](?<=[^\W\d_]{2}[,;])(?=[^\W\d_](?:[^\W\d_]|['’]\w))")
_QUOTE_GLUE = re.compile(r"[“«„](?<=[^\W\d_]{2}[“«„])(?=[^\W\d_])")
MIN_CONTENT = 1000  # a content word glued after a function word must be common
# a function word that opens this many lexicon words before another word is a prefix, too
MAX_PREFIX_COMPOUNDS = 200
# a word a function word is glued to must be reasonably common (German nouns are rarer
# in the lexicon); a capitalised one in French or English, very common (names: "Putin")
MIN_HEAD = {"fr": 100, "en": 200, "de": 50}
# Function words that links are glued to, by side. A split is made only into one of
# these and a common word of the lexicon; left out are endings that real words share
# (fr "-de", "-le", "-des", "-que"; en "-or", "-by", "-our"; de "-den", "-der" and the
# separable verb prefixes "an", "mit", "aus" that start real verbs: "ansprangen"; fr
# "-au", "-par" end names: "Morteau", "Gaspar").
GLUE_HEADS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _words(
            "de du des la le les à au aux un une et en dans pour par sur avec son sa ses leur est sont ont"
        )
    ),
    "en": frozenset(
        _words(
            "the a an and of to in on at for with from by as his her their its was had has is are have "
            "were been will would could should not also"
        )
    ),
    "de": frozenset(_words("die der das den dem des ein eine einen einem einer und sie er es wir von")),
}
GLUE_TAILS: dict[str, frozenset[str]] = {
    "fr": frozenset(_words("et dans avec pour sur à est sont dont lui")),
    "en": frozenset(
        _words("the and of to in on at for with from a is was that who after such during within")
    ),
    "de": frozenset(
        _words("und oder von mit auf aus bei nach für ein eine einem einer waren ist sind wird hat")
    ),
}


def _lexicon_split(
    word: str, vocab: Mapping[str, int], lex: dict[str, int], language: str, *, initial: bool = False
) -> int | None:
    """The cut of an unknown ``word`` into a function word and a common word (``andthe``,
    ``desnégociations``, ``Frankenund``, ``voneinem``), the most common reading first.
    ``initial``: the word opens a sentence, so a capitalised article may head it
    (``Lafracture entre…``; a surname such as ``Lemaire`` seldom opens a sentence alone)."""
    heads, tails = GLUE_HEADS.get(language), GLUE_TAILS.get(language)
    low = word.casefold()
    if heads is None or tails is None or low in lex or vocab.get(word, 0) > 1 or is_protected(word):
        return None
    best, best_score = None, 0
    stops = STOPWORDS.get(language, frozenset())
    opens = word[0].islower() or initial
    for k in range(1, len(word)):
        head, tail = low[:k], low[k:]
        if not word[k].islower():
            continue
        score = 0
        if language == "de" and head in stops and tail in stops and min(k, len(word) - k) >= 2:
            score = 2 * MIN_CONTENT  # two function words: "Siein" (the formal "Sie" is capitalised)
        elif head in heads and opens and (tail in heads or tail in tails or len(tail) >= 3):
            content = tail not in tails and tail not in heads
            score = lex.get(tail, 0) if content else lex.get(tail, 1) + MIN_CONTENT
            if content and head_compounds(head, language) > MAX_PREFIX_COMPOUNDS:
                score = 0  # "in", "en", "sur", "ein" also open words: "inbox", "surmenant", "einjagt"
            score = score if score >= MIN_CONTENT else 0
        elif tail in tails and len(head) >= 3:
            # a capitalised head in French or English: a name or word the article also
            # writes on its own ("Thursdayin" beside "Thursday"); names end on function
            # words too ("Colton", "Alexa", "Marchand")
            # (a word opening a sentence is capitalised for that alone: "Disponiblesur";
            # not before "a", which ends first names: "Ivana", "Laura")
            alone = vocab.get(word[:k], 0) > 0
            if word[0].isupper() and language != "de" and not alone and not (initial and len(tail) > 1):
                continue
            # (German: a compound of two known nouns, "Umwandlungssatzesvon")
            known = alone or (language == "de" and word[0].isupper() and is_compound(word[:k], language))
            weight = max(lex.get(head, 0), DICTIONARY_ONLY if known else 0)
            score = weight + 1 if weight >= MIN_HEAD[language] else 0
        if score > best_score:
            best, best_score = k, score
    return best


def _lower_split(
    word: str, vocab: Mapping[str, int], tails: frozenset[str], lex: dict[str, int] | None = None
) -> int | None:
    """The one cut of ``word`` into a known word + a function word (``Sturzbei``), if any;
    never a word of the language's lexicon (``Gegnerin`` is a word, not ``Gegner in``)."""
    if lex is not None and word.casefold() in lex:
        return None
    if vocab.get(word, 0) > 1 or word.casefold() in _ALL_STOP or word.casefold() in COMPOUND_FUNCTION_WORDS:
        return None
    found = None
    for k in range(3, len(word) - 2):
        head, tail = word[:k], word[k:]
        if not tail[0].islower() or tail not in tails or head.casefold() in _ALL_STOP:
            continue
        if head.endswith("n") and tail in _DECLENSION:
            continue  # wartenden, folgender: a participle's ending, not warten + den
        if vocab.get(head, 0) >= 1:
            if found is not None:
                return None  # two readings: do not guess
            found = k
    return found


_BRANDS = tuple(sorted(CAMELCASE_WORDS))


def _brand_split(word: str, language: str) -> int | None:
    """The cut after a camel-case brand glued to the function word after its link
    (``TikTokduring``, ``WhatsAppund``); the brand itself is never cut."""
    tails = GLUE_TAILS.get(language, frozenset())
    for brand in CAMELCASE_WORDS:
        if word.startswith(brand) and word[len(brand) :] in tails:
            return len(brand)
    return None


def _token_words(token: str) -> list[str]:
    """The words :data:`_LOWER_TOKEN` finds in one whitespace-separated token (no match
    spans a space, and a space bounds a match as the ends of a token do); a token of
    letters only, but for the punctuation after it, is one such word when long enough."""
    word = token.rstrip(",.;:!?")
    if len(word) >= 5 and word.isalpha():
        return [word]
    return _LOWER_TOKEN.findall(token) if len(token) >= 5 else []


def _initial_tokens(text: str) -> set[str]:
    """The words that open a sentence or a line of ``text`` (:data:`_INITIAL_TOKEN`)."""
    initial = set(_INITIAL_TOKEN.findall(text))
    initial.update(m.group(1) for line in text.split("\n") if (m := _LINE_INITIAL_TOKEN.match(line)))
    return initial


# Per language, words no rule of :func:`glued_word_cuts` can cut whatever the article
# says: words of the lexicon that are no brand. That is a
# property of the word alone, so it is remembered across articles (bounded), as are the
# tokens that hold no other word ("Regierung,", "und"), and an article's pass looks only
# at what is not settled yet, mostly its rare words.
@dataclass
class _Settled:
    lexicon: dict[str, int]
    words: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)


_SETTLED: dict[str, _Settled] = {}
SETTLED_MAX = 50_000  # words, and tokens, per language: a few MiB, and the common ones are in


def _settled(language: str, lex: dict[str, int]) -> _Settled:
    memo = _SETTLED.get(language)
    if memo is None or memo.lexicon is not lex:  # a new lexicon (tests swap them) starts afresh
        memo = _SETTLED[language] = _Settled(lex)
    return memo


class _EveryHead(Mapping[str, int]):
    """The word statistics most favourable to cutting ``word``: every other word written
    once in the article (a head on its own: ``Thursday`` before ``in``), but not
    ``word`` in its other case (which tells a pair cut the word is real)."""

    def __init__(self, word: str) -> None:
        self.other = word.casefold() if word[:1].isupper() else word.capitalize()

    def __getitem__(self, key: str) -> int:
        return 0 if key == self.other else 1

    def get(self, key: str, default: object = None) -> int:
        return 0 if key == self.other else 1

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _never_cut(word: str, language: str, lex: dict[str, int] | None) -> bool:
    """Whether no article could make the lexicon and pair rules cut this unknown word:
    they find no cut even with the statistics most favourable to one (:class:`_EveryHead`;
    a head written alone only adds readings, the word itself written twice only removes
    them), whether or not the word opens a sentence. Then the word is settled for good."""
    if lex is None:
        return False
    favourable = _EveryHead(word)
    return (
        _lexicon_split(word, favourable, lex, language, initial=False) is None
        and _lexicon_split(word, favourable, lex, language, initial=True) is None
        and pair_cut(word, language, favourable) is None
    )


def glued_word_cuts(
    text: str, vocab: Counter[str], language: str, archive: Mapping[str, int] | None = None
) -> dict[str, int]:
    """``word -> cut`` for every glued lower-case word of ``text`` (one pass per article).

    ``archive``: ``vocab`` plus what the archive's other records write
    (:meth:`~archivist.recover.archive.ArchiveVocabulary.evidence`): a word written on
    its own there is a known head of a lower-case word before a function word, and a
    glued form written there is a word, never cut. (Not the head of a capitalised word,
    a name or a German noun: other records write ``Roman``, ``March``, ``Ivan`` alone,
    but ``Romandie``, ``Marchand``, ``Ivana`` are words; nor a head before a content
    word: ``Anne`` + ``masse``.)"""
    heads = vocab if archive is None else archive
    tails = LINK_TAILS.get(language, frozenset())
    if not tails:
        return {}
    endings = _TAIL_TUPLES.get(language, ())
    lex = lexicon(language)
    memo = _settled(language, lex) if lex is not None else _Settled({})
    settled = memo.words
    tokens = [(token, _token_words(token)) for token in set(text.split()) - memo.tokens]
    cuts: dict[str, int] = {}
    initial = _initial_tokens(text)
    for word in {word for _, words in tokens for word in words} - settled:
        # most words are known: no lexicon split, and no pair cut (it never cuts a word
        # of the lexicon); a brand split needs a brand first (is_protected costs more)
        unknown = lex is not None and word.casefold() not in lex
        ends = word.endswith(endings)
        # (a word of the lexicon on a link tail too: _lower_split never cuts one)
        if (
            not unknown
            and (lex is not None or not ends)
            and (word[:1].islower() or not word.startswith(_BRANDS))
        ):
            if lex is not None and len(settled) < SETTLED_MAX:
                settled.add(word)
            continue
        known = heads if word[:1].islower() else vocab
        k = _lower_split(word, known, tails, lex) if ends else None
        if k is None and lex is not None and unknown:
            k = _lexicon_split(word, known, lex, language, initial=word in initial)
        if k is None and not word[:1].islower() and word.startswith(_BRANDS) and is_protected(word):
            k = _brand_split(word, language)
        if k is None and lex is not None and unknown:
            k = pair_cut(word, language, vocab)
        if k is not None and (archive is None or archive.get(word, 0) <= 1):
            cuts[word] = k
        elif (
            unknown
            and not ends  # (a known head + a link tail depends on the article: not settled)
            and (word[:1].islower() or not word.startswith(_BRANDS))
            and len(settled) < SETTLED_MAX
            and _never_cut(word, language, lex)
        ):
            settled.add(word)
    if lex is not None and len(memo.tokens) < SETTLED_MAX:
        memo.tokens.update(token for token, words in tokens if settled.issuperset(words))
    return cuts


def split_words(
    text: str,
    vocab: Counter[str],
    language: str = "und",
    known: dict[str, int] | None = None,
    *,
    sentences: bool = False,
) -> str:
    """Spaces put back around former links: ``beiBern``, ``Tagenach`` (when ``Tage`` is known).

    >>> v = vocabulary("Der Sturz war schwer. Wenige Tage danach kam er beiBern an. Sturzbei Nacht.")
    >>> split_words("Wenige Tage danach kam er beiBern an. Sturzbei Nacht.", v, "de")
    'Wenige Tage danach kam er bei Bern an. Sturz bei Nacht.'
    """
    cuts = list(word_glues(text, vocab, strict=True))
    glued = glued_word_cuts(text, vocab, language) if known is None else known
    if glued:  # (most articles have no glued word: no test per block then)
        # (the token search only when one of the glued words is in the text at all)
        for match in _LOWER_TOKEN.finditer(text) if any(word in text for word in glued) else ():
            k = glued.get(match.group(1))
            if k is not None:
                cuts.append(match.start(1) + k)
        # "ofa": a short word is cut only where the archive's pairs say so (ArchiveVocabulary.pair_cuts)
        if short := {word: k for word, k in glued.items() if len(word) < _SHORT_MAX}:
            matches = (m for m in _SHORT_TOKEN.finditer(text) if m.group(1) in short)
            cuts.extend(m.start(1) + short[m.group(1)] for m in matches)
    cuts.extend(m.end() for m in _COMMA_GLUE.finditer(text))
    cuts.extend(elision_cuts(text, language))  # "professionneld'une"
    cuts.extend(number_cuts(text, language))  # "auteur de34 arrêts"
    cuts.extend(m.start() for m in _QUOTE_GLUE.finditer(text))
    if sentences:  # the body kept its paragraph breaks: "beschlagnahmt.Italienische" lost a space
        cuts.extend(sentence_glues(text))
    if not cuts:
        return text
    cuts = sorted(set(cuts))
    pieces, prev = [], 0
    for cut in cuts:
        pieces.append(text[prev:cut])
        prev = cut
    pieces.append(text[prev:])
    return " ".join(pieces)


def fix_glued_words(
    article: Article, archive: ArchiveVocabulary | None = None
) -> tuple[Article, list[RepairStep]]:
    """Split words glued around former links in the lead and the paragraphs; with the
    ``archive``'s vocabulary, what its other records write counts as evidence too."""
    full = article_text(article)
    vocab = vocabulary(full)
    language = article.language if article.language in LINK_TAILS else detect_language(full)
    steps: list[RepairStep] = []
    reason = "words around a former link lost their spaces when tags were stripped"
    if archive is None:
        known = glued_word_cuts(full, vocab, language)
    else:
        known = glued_word_cuts(full, vocab, language, archive.evidence(vocab, language))
        known = archive.pair_cuts(vocab, language, lexicon(language) or {}) | known
    sentences = kept_line_breaks(b.text for b in article.blocks if b.role is Role.PARAGRAPH)
    lead = split_words(article.lead, vocab, language, known) if article.lead else article.lead
    if lead != article.lead:
        steps.append(RepairStep("split_glued_words", "lead", article.lead, lead, reason))
    blocks = list(article.blocks)
    for index, block in enumerate(blocks):
        if block.role not in (Role.PARAGRAPH, Role.QUOTE, Role.CAPTION):
            continue
        text = split_words(
            block.text, vocab, language, known, sentences=sentences and block.role is Role.PARAGRAPH
        )
        if text != block.text:
            blocks[index] = replace(block, text=text, marks=remap_marks(block.text, text, block.marks))
            steps.append(RepairStep("split_glued_words", f"block:{index}", block.text, text, reason))
    if not steps:
        return article, []
    return replace(article, lead=lead, blocks=tuple(blocks)), steps


split_kicker_title = register(
    Repair(
        "split_kicker_title",
        "Split a kicker glued to its title (Syrie - AlepLe régime…).",
        fix_article=fix_kicker_title,
    )
)
split_glued_paragraphs = register(
    Repair(
        "split_glued_paragraphs",
        "Cut paragraphs (and subheads) glued after sentence-final punctuation back apart.",
        fix_article=fix_glued_paragraphs,
    )
)
split_runin_subhead = register(
    Repair(
        "split_runin_subhead",
        "Cut a numbered or colon subhead run into its paragraph (Platz 10: … Im Januar…).",
        fix_article=fix_runin_subheads,
    )
)
split_glued_words = register(
    Repair(
        "split_glued_words",
        "Put back spaces lost around former links (beiBern, Sturzbei), sparing false friends.",
        fix_article=fix_glued_words,
        fix_in_archive=fix_glued_words,
    )
)
