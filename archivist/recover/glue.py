"""Glued boundaries: where flattening dropped a separator between two pieces of text.

Three kinds (DESIGN.md section 1):

* a *word glue*: a lower-case letter, digit or closing mark directly followed by a
  capital that starts a new word (``AlepLe``, ``piègeSubmergés``, ``beiBern``);
* a *sentence glue*: sentence-final punctuation directly followed by a capital
  (``bestätigt.Am Montag``), i.e. a lost paragraph break;
* a *run-in subhead*: ``Platz 10: Ein Familiendrama Im Januar…``.

False friends are protected by tables (:mod:`archivist.recover.wordlists`) and by
capitalisation statistics: a mixed-case token that also occurs elsewhere in the text
exactly as written is a word, not glue. Every function here is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import islice, repeat

from archivist.recover.boilerplate import PROMO_CAPITALS, glued_promo_starts
from archivist.recover.wordlists import (
    ABBREVIATIONS,
    CAMELCASE_WORDS,
    NAMED_WITH_ARTICLE,
    STOPWORDS,
    _words,
)

UPPER = "A-ZÀ-ÖØ-ÞŒ"
LOWER = "a-zß-öø-ÿœ"
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())

# a capital that starts a word: followed by a lower-case letter or an apostrophe (L'armée)
_WORD_START = rf"[{UPPER}](?:[{LOWER}]|['’])"
# one-letter capital words that may follow a glue: French "À", "A", English "A", "I"
_ONE_LETTER = "AÀIYO"
# no apostrophe before the capital: "d'Alep", "l'Europe", "qu'Israël" are French elision
# (it opens on the capital and looks back, so the search skips ahead from capital to
# capital; the glue is at the capital: match.start())
_GLUE = re.compile(rf"[{UPPER}](?<=[{LOWER}0-9»”)\]!?].)(?=[{LOWER}'’]|(?<=[{_ONE_LETTER}])\s)")
_TOKEN = re.compile(r"\S+")
_STRIP = "«»\"'“”‘’„()[]{}.,;:!?…"
_URLISH = re.compile(
    r"@|#|://|^www\.|\.(?:ch|com|org|net|de|fr|at|uk|info|html?)\b"
)  # lower case: ".At least" is a sentence; a hashtag is one word (#MeToo)
_UNITS = re.compile(r"^(?:[kMGT]W[h]?|mAh|dB|kB|MB|GB|TB)\b")
_PREFIXED = re.compile(rf"^(?:Mc|Mac|[ie])[{UPPER}]")  # McDonald's, MacBook, iPhone, eBay


@lru_cache(maxsize=32)
def vocabulary(text: str) -> Counter[str]:
    """How often each token occurs as written (edge punctuation stripped).

    Cached: recovery and several repairs ask for the same article's statistics, so
    callers must treat the Counter as read-only.

    >>> vocabulary("PayPal et PayPal, eBay.")["PayPal"]
    2
    """
    tokens = text.split()
    return Counter(map(str.strip, tokens, repeat(_STRIP, len(tokens))))  # all in C


_ELIDED = re.compile(r"^[A-Za-z]{1,2}['’](?=\w)")  # l'iPhone, d'eBay: judge the word after


def _core(token: str) -> str:
    core = _ELIDED.sub("", token.strip(_STRIP))
    for tail in ("'s", "’s"):
        if core.endswith(tail):
            core = core[: -len(tail)]
    return core


_CAMEL_PREFIXES = tuple(sorted(CAMELCASE_WORDS))


def is_protected(token: str, vocab: Counter[str] | None = None) -> bool:
    """True when a mixed-case ``token`` is a word in its own right, not two glued ones.

    >>> [is_protected(t) for t in ("TikTok", "McDonald's", "iPhone", "kWh", "AlepLe")]
    [True, True, True, True, False]
    """
    core = _core(token)
    if core in CAMELCASE_WORDS or core.startswith(_CAMEL_PREFIXES):  # YouTuber, iPhones
        return True
    if _PREFIXED.match(core) or _URLISH.search(core) or _UNITS.match(core):
        return True
    # capitalisation statistics: a camel-case token used twice as written is a name
    # (a lower-case start like "communeLe" is glue even when repeated)
    return vocab is not None and core[:1].isupper() and vocab.get(core, 0) >= 2


def _token_at(text: str, pos: int, seps: str = " \n") -> tuple[int, int]:
    """The token around ``pos``: from the last separator before it to the next one."""
    start = max(text.rfind(sep, 0, pos) for sep in seps) + 1
    end = len(text)
    for sep in seps:
        found = text.find(sep, pos)
        if found != -1:
            end = min(end, found)
    return start, end


def word_glues(text: str, vocab: Counter[str] | None = None, *, strict: bool = False) -> Iterator[int]:
    """Offsets in ``text`` where a capital starts a word glued to the previous one.

    ``strict`` (used inside body text, where camel-case brand names are common) also
    requires the left part to start lower-case, or the right part to be a function word,
    or one of the two parts to occur as a word of its own in ``vocab``.

    >>> list(word_glues("Syrie - AlepLe régime"))
    [12]
    >>> list(word_glues("TikTok, PostFinance, McDonald's, iPhone et SwissCovid"))
    []
    """
    for match in _GLUE.finditer(text):
        pos = match.start()
        start, end = _token_at(text, pos, " \n-/–")  # PostFinance-Chef: judge "PostFinance"
        token = text[start:end]
        left, right = text[start:pos].lstrip(_STRIP), _core(text[pos:end])
        if len(left) < 2 or is_protected(token, vocab):
            continue
        # a capitalised left part in body text: a camel-case brand, unless either half is
        # a word seen on its own elsewhere ("GenèvePendant" when "Genève" occurs alone)
        if (
            strict
            and not left[0].islower()
            and right.casefold() not in ALL_STOPWORDS
            and (vocab is None or not (vocab.get(_core(left), 0) or vocab.get(right, 0)))
        ):
            continue
        yield pos


def split_kicker(line: str, vocab: Counter[str] | None = None) -> tuple[str, str] | None:
    """``(kicker, title)`` when ``line`` is a kicker glued to a title, else None.

    >>> split_kicker("Syrie - AlepLe régime s'empare de nouveaux quartiers rebelles")
    ('Syrie - Alep', "Le régime s'empare de nouveaux quartiers rebelles")
    >>> split_kicker("Société mystérieuse à GenèveÀ Cartigny, le lent déclin")
    ('Société mystérieuse à Genève', 'À Cartigny, le lent déclin')
    >>> split_kicker("iPhone: Apple verkauft weniger") is None
    True
    >>> split_kicker("Syrie3 morts dans un raid"), split_kicker("TechnologieiPhone 16: Apple déçoit")
    (('Syrie', '3 morts dans un raid'), ('Technologie', 'iPhone 16: Apple déçoit'))
    """
    for pos in word_glues(line, vocab):
        brand = _BRAND_START.match(line, pos - 1) if line[pos - 2 : pos - 1].islower() else None
        if brand and brand.group().startswith(_CAMEL_PREFIXES):
            pos -= 1  # "TechnologieiPhone 16": the title opens on iPhone
        kicker, title = line[:pos].strip(), line[pos:].strip()
        if kicker and len(title) >= 3:
            return kicker, title
    number = _NUMBER_GLUE.match(line)  # "Syrie3 morts dans un raid": a title opening on a number
    if number:
        return number.group(1), line[number.end(1) :].strip()
    caps = _CAPS_KICKER.match(line)  # "SYRIELe régime…", "USADer Kongress…": an upper-case kicker
    if caps:
        return caps.group(1), line[caps.end(1) :].strip()
    for acronym in _ACRONYM_GLUE.finditer(line):  # "BrexitEU leaders…": a title opening on an acronym
        start, end = _token_at(line, acronym.end(1), " ")
        if not is_protected(line[start:end], vocab) and len(acronym.group(1)) >= 3:
            return line[: acronym.end(1)].strip(), line[acronym.end(1) :].strip()
    quoted = _QUOTE_GLUE.match(line)  # "Cinéma«Les heures claires», un film…"
    if quoted:
        return quoted.group(1), line[quoted.end(1) :].strip()
    ends = _ENDS_ON_ACRONYM.match(line) or _ENDS_ON_NUMBER.match(
        line
    )  # "Fussball-EMDie…", "Formule 1Verstappen…"
    if ends:
        return ends.group(1), line[ends.end(1) :].strip()
    return _split_after_brand(line)


def _split_after_brand(line: str) -> tuple[str, str] | None:
    """A kicker ending on a camel-case brand glued to the title: ``TikTokLe réseau…``."""
    for match in _TOKEN.finditer(line, 0, 60):
        token = match.group()
        if not token.startswith(_CAMEL_PREFIXES):  # (one test in C for the whole table)
            continue
        for brand in _CAMEL_PREFIXES:
            rest = token[len(brand) :]
            if token.startswith(brand) and re.match(_WORD_START, rest) and len(rest) >= 2:
                cut = match.start() + len(brand)
                return line[:cut].strip(), line[cut:].strip()
    return None


_BRAND_START = re.compile(r"[ie][A-Z][a-z]{2,}")  # iPhone, eBanking (from the table): a title may open on one
_NUMBER_GLUE = re.compile(rf"^(.{{2,60}}?[{LOWER}]{{3}})(?=\d[\d'’.,]*%?\s[{LOWER}{UPPER}])")
_CAPS_KICKER = re.compile(rf"^([{UPPER}][{UPPER} \-–:/]{{1,40}}[{UPPER}])(?={_WORD_START})")
# a capitalised word glued to an acronym: "BrexitEU leaders", "European UnionEU finance"
_QUOTE_GLUE = re.compile(rf"^(.{{2,60}}?[{LOWER}0-9])(?=[«„“\"][{UPPER}])")
# a kicker ending on an acronym ("Fussball-EM", "Affaire UBS") or on a number ("Formule
# 1") glued to a title that opens on a capitalised word
_ENDS_ON_ACRONYM = re.compile(rf"^(.{{2,60}}?(?:^|(?<=[\s\-–/]))[{UPPER}]{{2,5}})(?={_WORD_START})")
_ENDS_ON_NUMBER = re.compile(rf"^(.{{2,60}}?\s\d{{1,4}})(?=[{UPPER}][{LOWER}]{{2,}})")
_ACRONYM_GLUE = re.compile(rf"^(.*?[{UPPER}][{LOWER}]*[{LOWER}])(?=[{UPPER}]{{2,5}}(?:[\s\-–:,.]|$))")

# --- sentence glue: a lost paragraph break ---------------------------------------------

_MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez|January|February|March|June|July|"
    "October|December|Oct|Dec"
)
# sentence punctuation, or a closing quote after a lower-case letter, before a capital
# (both branches open on the punctuation, so the search skips ahead to it)
_SENTENCE_GLUE = re.compile(
    rf"[.!?…»”)](?:(?<=\S[.!?…])[.!?…]*[\"»”’)]*"
    rf"(?=(?:{_WORD_START}|[{UPPER}]{{2,}}\b|[«„“\"][{UPPER}]|[{_ONE_LETTER}]\s))"
    rf"|(?<=[{LOWER}][»”)])(?={_WORD_START}))"
)
_FOLLOWING_MONTH = re.compile(rf"(?:{_MONTHS})\b")
# a live-ticker entry glued to the previous one: a time stamp right after a sentence end
# (both open on the punctuation, so the search skips ahead to it; the cut is after it)
_TICKER_GLUE = re.compile(r"[.!?»”)](?<=[^\d\s][.!?»”)])(?=\d{1,2}[.:h]\d{2}\b)")
# a live-ticker time stamp with its separator glued to anything but a space or a digit:
# "…Bott14h52 - Dans…", "…contre 6.20h33 - BUT!", "…left.4.32am: A dramatic…",
# "…Kantone.17.48 Uhr: Das…" (the full stamp, separator included, so no decimal or date
# number is taken for one; the cut is before the stamp)
_STAMP_GLUE = re.compile(r"\d(?<=[^\s\d]\d)\d?(?:h\d{2} [-–] |[.:]\d{2}(?: Uhr|[ap]m)?: )")
# a quote glued right after another (a quoted heading, then its paragraph): "…rien»«Un…"
_QUOTES_GLUE = re.compile(rf"»(?=«[{UPPER}])|”(?=“[{UPPER}])")
# a numbered heading glued after a sentence end: "…was hard.4. The Quiet Room…"
_HEADING_NUMBER_GLUE = re.compile(rf"\d(?<=[^\s\d][.!?]\d)\d?\. (?=[{UPPER}])")
# a slideshow counter glued between two blocks
_COUNTER_GLUE = re.compile(r"[.!?»”)](?<=[^\d\s][.!?»”)])(?=\d{1,2} ?/ ?\d{1,2}[A-ZÀ-Þ«„“])")
# what the ticker, stamp, numbered-heading and counter glues cannot match without: a digit
# right after a letter or a punctuation mark (one search, from digit to digit, before the four)
_DIGIT_AFTER_TEXT = re.compile(r"\d(?<=[^\s\d]\d)")


# an acronym (a credit, a party) glued to the capitalised function word opening the next
# block: "PLRLa nouvelle…", "Photo: PAIn the wheelchair races…"
# (this one and the next open on a capital: the search skips ahead to one)
_ACRONYM_STOPWORD = re.compile(
    rf"[{UPPER}](?<![\w'’][{UPPER}])[{UPPER}]{{1,5}}([{UPPER}][{LOWER}]{{1,4}})(?=\s)"
)


# a credit (an agency acronym) after a caption, glued to the capitalised word after it
_CREDIT_GLUE = re.compile(
    rf"[{UPPER}](?:(?<=[.!?»”:] .)|(?<=[.!?»”].))[{UPPER}]{{1,5}}(?=[{UPPER}][{LOWER}]{{2,}})"
)


# what the sentence, quote, acronym and credit glues cannot match without: a capital right
# after something else than a space (one search, from capital to capital, before the four)
_GLUED_CAPITAL = re.compile(rf"[{UPPER}](?<=\S.)")
# a promo glued to the text before it opens on such a capital too, when every promo's
# capital is one of UPPER (checked here, so a new phrase cannot slip past the test)
_PROMOS_OPEN_ON_UPPER = all(re.fullmatch(f"[{UPPER}]", capital) for capital in PROMO_CAPITALS)


def _is_false_sentence_end(text: str, end: int, punct_start: int) -> bool:
    """Is the punctuation at ``punct_start`` part of an abbreviation, URL, date…?"""
    if text[punct_start] != ".":
        return False
    start, tok_end = _token_at(text, punct_start)
    word = text[start:punct_start].lstrip(_STRIP)
    last = re.split(r"[.\-/]", word)[-1] if word else ""
    if not last or last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
        return True  # z.B., St.Gallen, J.K.Rowling, Dr.Müller
    if _URLISH.search(text[start:tok_end]):
        return True  # 20min.ch, www.Example.org, mail@Example.ch
    return last.isdigit() and bool(_FOLLOWING_MONTH.match(text, end))  # 3.Mai


def sentence_glues(text: str) -> list[int]:
    """Offsets where a paragraph starts glued to the previous sentence.

    >>> t = "Es wurde bestätigt.Am Montag kam er z.B. nach St.Gallen, 1.5 km von 20min.ch."
    >>> [t[i:i+9] for i in sentence_glues(t)]
    ['Am Montag']
    """
    cuts = []
    glued_capital = _GLUED_CAPITAL.search(text) is not None
    if glued_capital:
        for match in _SENTENCE_GLUE.finditer(text):
            if not _is_false_sentence_end(text, match.end(), match.start()):
                cuts.append(match.end())
        cuts.extend(m.end() for m in _QUOTES_GLUE.finditer(text))  # "«Je ne regrette rien»«Un…"
        cuts.extend(  # "…– Laurent Despland, PLRLa nouvelle Municipalité…"
            m.start(1) for m in _ACRONYM_STOPWORD.finditer(text) if m.group(1).casefold() in ALL_STOPWORDS
        )
        cuts.extend(m.end() for m in _CREDIT_GLUE.finditer(text))  # "…Kalymnos.Photo: AFPBritons among…"
    if _DIGIT_AFTER_TEXT.search(text):
        cuts.extend(m.end() for m in _TICKER_GLUE.finditer(text))  # "…Ticker.16.35 Uhr: …"
        cuts.extend(m.end() for m in _COUNTER_GLUE.finditer(text))  # "…Zone.11 / 11Erik Nyholm…"
        cuts.extend(m.start() for m in _STAMP_GLUE.finditer(text))  # "…Bott14h52 - Dans…"
        cuts.extend(m.start() for m in _HEADING_NUMBER_GLUE.finditer(text))  # "…was hard.4. The Quiet Room…"
    if glued_capital or not _PROMOS_OPEN_ON_UPPER:  # (a glued promo opens on a glued capital)
        cuts.extend(glued_promo_starts(text))  # "…No. 5Sign up for our newsletter…"
    return sorted(set(cuts))


def split_at(text: str, cuts: list[int]) -> list[str]:
    """``text`` cut at the offsets ``cuts`` (sorted), each piece stripped, empties dropped."""
    pieces, prev = [], 0
    for cut in [*cuts, len(text)]:
        piece = text[prev:cut].strip()
        if piece:
            pieces.append(piece)
        prev = cut
    return pieces


# --- subheads glued to, or run into, the paragraph they head ----------------------------

MAX_SUBHEAD_WORDS = 12
_SENTENCE_PUNCT = re.compile(r"[.!?…;]\s")


def split_glued_subhead(
    text: str, vocab: Counter[str] | None = None, *, strict: bool = True
) -> tuple[str, str] | None:
    """``(subhead, paragraph)`` when a short heading is glued to its paragraph.

    >>> split_glued_subhead("Pris au piègeSubmergés par la puissance de feu du régime, les insurgés fuient.")
    ('Pris au piège', 'Submergés par la puissance de feu du régime, les insurgés fuient.')
    >>> split_glued_subhead("Die Firma DeepMind hat am Montag ein neues Modell vorgestellt.") is None
    True
    """
    if _TICKER.match(text):
        return None  # "15.50 Uhr: Die Hochrechnung desForschungs…": a ticker entry, no heading
    for pos in word_glues(text[:160], vocab, strict=strict):
        head, rest = text[:pos].strip(), text[pos:].strip()
        words = head.split()
        if (
            (head[:1].isupper() or head[:1].isdigit())
            and len(words) <= MAX_SUBHEAD_WORDS
            and not _SENTENCE_PUNCT.search(head + " ")
            and words[-1].casefold() not in NOT_LAST  # "…in derBerner": a glued link, no heading
        ):
            return (head, rest) if len(rest) >= 20 else None
        return None
    return None


_NUMBERED = re.compile(r"^(?:[\w.]+\s){0,2}\d{1,3}\s*[:.)–-]\s|^[^:]{2,60}:\s")


def split_runin_subhead(text: str) -> tuple[str, str] | None:
    """``(subhead, paragraph)`` for a numbered or colon run-in heading before a sentence.

    >>> split_runin_subhead("Platz 10: Ein Familiendrama Im Januar verschwand ein Kind.")
    ('Platz 10: Ein Familiendrama', 'Im Januar verschwand ein Kind.')
    >>> split_runin_subhead("Il a vu le film Les Misérables hier soir.") is None
    True
    """
    if not _NUMBERED.match(text):
        return None
    tokens = text.split(" ", MAX_SUBHEAD_WORDS + 1)
    for i in range(2, min(len(tokens) - 1, MAX_SUBHEAD_WORDS)):
        tok, prev = tokens[i], tokens[i - 1]
        if not tok[:1].isupper() or tok.casefold() not in ALL_STOPWORDS:
            continue
        if prev[-1:] in '.,;:!?»"…)' or prev.casefold() in ALL_STOPWORDS or not prev[:1].isalnum():
            continue  # a capital after a colon is normal; "selon Le Temps" is a name
        if f"{tok} {tokens[i + 1]}".casefold().rstrip(_STRIP) in NAMED_WITH_ARTICLE:
            continue
        head = " ".join(tokens[:i])
        rest = text[len(head) :].strip()
        return (head, rest) if len(rest) >= 20 else None
    return None


# --- run-in subheads without number or colon ------------------------------------------

_ELISION = re.compile(rf"^(?:[LDJNSC]|Qu)['’][{LOWER}{UPPER}]")  # "L'opposition …" opens a sentence
# a heading never ends on these (articles, prepositions, conjunctions)
NOT_LAST = frozenset(
    _words(
        """le la les un une des du de au aux à et ou en dans sur par pour avec chez sans sous vers the
        of to in on at by for with from and or but as der die das den dem des ein eine einen einem
        einer und oder mit von zu zum zur bei für über unter nach aus auf im am entre contre selon
        depuis pendant malgré between against into zwischen gegen während wegen ohne"""
    )
)
_TICKER = re.compile(r"^\d{1,2}[h:.]\d{2}\b")  # "17h45 - …": live-ticker entries, no headings
# sentence punctuation inside a heading ends the search; a question mark may end one
_HEAD_STOP = re.compile(r"[.!;…]$")
_INITIALS = re.compile(rf"^(?:[{UPPER}]\.){{2,}}$")  # "U.S.", "E.U.": initials, no sentence end
MIN_RUNIN_REST = 60


# words after which a capitalised word is a name, not a sentence start ("selon Le Temps");
# few German ones: German subheads end on particles ("Schweiz bietet Hilfe an Das …")
_BEFORE_NAMES = frozenset(
    _words(
        """de du des à au aux selon par pour dans en sur chez in von vom the of at on by to from with
        le la les a an"""
    )
)


# English articles that are German particles ending a heading ("Schweiz bietet Hilfe an Das …")
_GERMAN_PARTICLES = frozenset(_words("an"))


# verbs that make a line a sentence, not a heading (run-in search on weak signs only);
# French "a" is left out: it is the English article, and a French past participle says it
AUXILIARIES = frozenset(
    _words(
        """is are was were be been has have had will would can could should may might must est sont
        ont était étaient sera seront avait avaient peut doit"""
    )
)


def _before_name(word: str, stops: frozenset[str]) -> bool:
    return word in _BEFORE_NAMES and not (word in _GERMAN_PARTICLES and stops is STOPWORDS.get("de"))


def _then_lower(tokens: list[tuple[int, str]], i: int) -> bool:
    """Is token ``i`` capitalised and the one after it lower case ("Laurent Despland, qui")?"""
    return i + 1 < len(tokens) and tokens[i][1][:1].isupper() and tokens[i + 1][1][:1].islower()


class LowerCase(Mapping[str, int]):
    """The tokens of ``vocab`` written in lower case (their first letter), with their
    counts: a view, so the article's table is not copied for the run-in search."""

    def __init__(self, vocab: Mapping[str, int]) -> None:
        self.vocab = vocab

    def __getitem__(self, key: str) -> int:
        if key[:1].islower() and key in self.vocab:
            return self.vocab[key]
        raise KeyError(key)

    def get(self, key: str, default: int = 0) -> int:  # type: ignore[override]
        return self.vocab.get(key, default) if key[:1].islower() else default

    def __iter__(self) -> Iterator[str]:
        return (key for key in self.vocab if key[:1].islower())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def find_runin(
    text: str,
    vocab: Counter[str],
    lowered: Mapping[str, int],
    stops: frozenset[str],
    *,
    weak: bool = False,
    strong_only: bool = False,
    loose: bool = False,
) -> int | None:
    """Where the paragraph starts after a subhead run into it (``Eisige Temperaturen Die
    Rettungsarbeiten…``), or None. The paragraph starts at a capitalised function word
    (``Die``, ``The``, ``Au``), or at a capitalised word that the text also uses in lower
    case (``Bereits`` when ``bereits`` occurs): mid-sentence, neither is capitalised.

    ``vocab`` counts tokens as written, ``lowered`` the same tokens case-folded.
    ``loose`` is for an article that already shows the damage (another line opens on a
    run-in heading): a heading may also end on ``?`` or a closing quote before any
    capital, or (French, English: ``weak``) before a name the text uses elsewhere
    (``A place in history Marlow is…``), and hold a comma before a strong sign.

    >>> t = "Eisige Temperaturen Die Rettungsarbeiten werden durch Schnee und Kälte erschwert, hiess es."
    >>> find_runin(t, vocabulary(t), Counter(), STOPWORDS["de"])
    20
    >>> t = "Le président Emmanuel Macron a reçu mardi les représentants des cantons romands à Paris."
    >>> find_runin(t, vocabulary(t), Counter(), STOPWORDS["fr"]) is None
    True
    """
    first = text.lstrip('«»"„“')[:1]
    if not (first.isupper() or first.isdigit()) or not stops or _TICKER.match(text):
        return None
    tokens = [(m.start(), m.group()) for m in islice(_TOKEN.finditer(text, 0, 200), MAX_SUBHEAD_WORDS + 2)]
    quotes = "«" in text[:200]  # (the tokens lie in the first 200 characters)
    for i in range(1, len(tokens) - 1):
        start, raw = tokens[i]
        prev = tokens[i - 1][1]
        if _HEAD_STOP.search(prev) and not _INITIALS.match(prev):
            return None
        if quotes and text.count("«", 0, start) > text.count("»", 0, start):
            if loose and text[:1] == "«":
                continue  # a quoted heading: «Je ne regrette rien» «Un centième…
            return None
        tok = raw.strip(_STRIP)
        if not tok[:1].isupper() or prev[-1:] in ",:" or _before_name(prev.casefold(), stops):
            continue
        if tok == "I" or tok.startswith(("I'", "I’")):
            continue  # English "I", "I've" are capitalised anywhere in a sentence
        nxt = tokens[i + 1][1]
        # an article that shows the damage: a question or a quote closes the heading, a
        # name (used elsewhere, between lower-case words) opens the paragraph
        asked = loose and (prev[-1:] == "?" or (prev[-1:] in "»”" and raw[:1] in "«“"))
        named = (
            loose
            and weak
            and prev[:1].islower()
            and (nxt[:1].islower() or _then_lower(tokens, i + 1))  # a name of two words
            and vocab.get(_core(tok), 0) >= 2
            and not lowered.get(tok.casefold(), 0)  # a name is never written in lower case
            and i <= 6
            # "The curators have also included Halloran's…", "…congratulated Saunders": a verb
            # before the name makes it the object of a sentence, not the start of one
            and not prev.endswith(("ed", "é", "ée", "és", "ées"))
            and not any(t.casefold() in AUXILIARIES for _, t in tokens[:i])
        )
        pair = f"{tok} {nxt}".casefold().rstrip(_STRIP)
        strong = (tok.casefold() in stops or bool(_ELISION.match(tok))) and pair not in NAMED_WITH_ARTICLE
        # (French and English capitalise names in runs: "National Weather Service")
        common = len(tok) > 2 and lowered.get(tok.casefold(), 0) > 0 and (not weak or prev[:1].islower())
        # French/English: a capitalised word seen only here, before a lower-case word and
        # after a lower-case one, opens a sentence ("Cause under investigation Group manager…")
        rare = weak and prev[:1].islower() and nxt[:1].islower() and vocab.get(tok, 0) <= 1 and i <= 6
        if strong_only:
            common = rare = False
        ends = prev[-1:].isalnum() or prev[-1:] == "?" or asked
        if (strong or common or rare or asked or named) and i >= 2 and ends:
            if prev.casefold() in NOT_LAST and not strong and "," not in text[:start]:
                continue  # "Ausnahmen für Junge": a noun the text also writes in lower case
            comma = "," in text[:start] and not (loose and strong)  # "Neglect, not technology The…"
            if prev.casefold() in NOT_LAST or is_protected(tok) or comma:
                return None  # a heading has no comma and does not end on an article or preposition
            rest = text[start:]
            if len(rest) >= MIN_RUNIN_REST and rest.rstrip()[-1:] in '.!?»"”)' and start <= 90:
                return start
            return None
    return None
