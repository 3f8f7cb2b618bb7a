"""Boilerplate the old site mixed into article bodies, as phrase tables per language.

A line is boilerplate when it *starts with* one of the phrases below (case-insensitive)
and is short, or when it is a slideshow counter (``1 / 9``). Phrases come from the
damage survey in DESIGN.md section 1 (newsletter/WhatsApp/app promos, "report an
error" prompts, paywall text, browser warnings). Keep them specific: a phrase that
could open a real sentence of news would delete it.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from archivist.recover.wordlists import _table

PHRASES: dict[str, frozenset[str]] = {
    "fr": _table(
        "boilerplate fr",
        [
            "abonnez-vous à notre newsletter",  # newsletter promo
            "inscrivez-vous à notre newsletter",
            "recevez notre newsletter",
            "suivez-nous sur whatsapp",  # messenger promo
            "rejoignez notre chaîne whatsapp",
            "téléchargez notre application",  # app promo
            "téléchargez l'application",
            "vous avez trouvé une erreur",  # report-an-error prompt
            "vous avez repéré une erreur",
            "signalez-nous une erreur",
            "cet article est réservé aux abonnés",  # paywall
            "ce contenu est réservé aux abonnés",
            "pour lire la suite",
            "déjà abonné?",
            "déjà abonné ?",
            "votre navigateur n'est pas à jour",  # browser warning
            "votre navigateur n'est plus à jour",
            "votre navigateur est obsolète",
            "veuillez activer javascript",
            "lire aussi:",  # related-article teaser
            "lire aussi :",
            "à lire aussi:",
            "à lire aussi :",
            "voir aussi:",
            "voir aussi :",
            "publicité",
            "diaporama",
        ],
    ),
    "de": _table(
        "boilerplate de",
        [
            "abonnieren sie unseren newsletter",
            "newsletter abonnieren",
            "jetzt newsletter abonnieren",
            "melden sie sich für unseren newsletter an",
            "folgen sie uns auf whatsapp",
            "abonnieren sie unseren whatsapp-kanal",
            "jetzt die app herunterladen",
            "laden sie unsere app herunter",
            "haben sie einen fehler entdeckt",
            "fehler gefunden?",
            "fehler gefunden ?",
            "fehler entdeckt?",
            "jetzt melden.",
            "dieser artikel ist abonnenten vorbehalten",
            "dieser artikel ist unseren abonnenten vorbehalten",
            "dieser artikel ist unseren abonnentinnen und abonnenten vorbehalten",
            "dieser artikel ist für abonnenten",
            "dieser inhalt ist abonnenten vorbehalten",
            "jetzt abonnieren und weiterlesen",
            "bereits abonniert?",
            "ihr browser ist veraltet",
            "ihr browser wird nicht mehr unterstützt",
            "bitte aktivieren sie javascript",
            "lesen sie auch:",
            "lesen sie auch :",
            "mehr zum thema:",
            "mehr zum thema :",
            "anzeige",
            "werbung",
            "bildstrecke",
        ],
    ),
    "en": _table(
        "boilerplate en",
        [
            "subscribe to our newsletter",
            "sign up for our newsletter",
            "follow us on whatsapp",
            "join our whatsapp channel",
            "download our app",
            "download the app",
            "found an error?",
            "spotted a mistake?",
            "spotted an error?",
            "report an error",
            "this article is for subscribers only",
            "subscribe to read",
            "already a subscriber?",
            "your browser is out of date",
            "your browser is not supported",
            "please enable javascript",
            "read more:",
            "read also:",
            "related:",
            "advertisement",
            "slideshow",
        ],
    ),
}

ALL_PHRASES = tuple(sorted(frozenset().union(*PHRASES.values()), key=len, reverse=True))
MAX_BOILERPLATE_CHARS = 200  # a longer line that opens like a promo is kept: it may be news

# "1 / 9", "3/12": slideshow counters left from image galleries
_COUNTER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
# single words that are boilerplate only when they are the whole line
_WHOLE_LINE = frozenset({"publicité", "anzeige", "werbung", "advertisement", "diaporama", "bildstrecke"})
_OPENINGS = tuple(p for p in ALL_PHRASES if p not in _WHOLE_LINE)  # str.startswith takes a tuple
# a comment count glued to the end of a lead or title: "…médias.7", "…bestätigt.12"
TRAILING_COUNT = re.compile(r"(?<=[^\W\d_][.!?»\"”)])(\d{1,4})$")
# a lead always ends a sentence, so after its final punctuation any number is a counter
# (after a digit and a point, one digit is more likely a decimal: "à 1.7")
LEAD_TRAILING_COUNT = re.compile(
    r"(?:(?<=[^\W\d_][.!?»\"”)])|(?<=[.!?][»\"”)])|(?<=[»\"”)][.!?]))(\d{1,4})$|(?<=\d[.!?»\"”)])(\d{2,4})$"
)


@lru_cache(maxsize=64)  # the segmenter, the run-in search and the body builder ask about each line
def is_boilerplate(line: str) -> bool:
    """True when ``line`` is a promo, prompt, paywall, warning or slideshow counter.

    >>> is_boilerplate("Vous avez trouvé une erreur? Signalez-la-nous.")
    True
    >>> is_boilerplate("1 / 9")
    True
    >>> is_boilerplate("Werbung für Alkohol soll verboten werden, sagt der Bundesrat.")
    False
    """
    text = line.strip()
    if _COUNTER.match(text):
        return True
    if len(text) > MAX_BOILERPLATE_CHARS:
        return False
    low = text.casefold()
    if low.rstrip(" .:") in _WHOLE_LINE:
        return True
    return low.startswith(_OPENINGS)


MIN_PROMO_WORDS = 5
MAX_HEADING_CHARS = 90
# (a space, then the phrase: the search skips ahead from space to space; the phrases are
# grouped by their first letter, so a word start tries one group instead of every phrase)
_PROMO_INSIDE = re.compile(
    r"\s("
    + "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(p[1:]) for p in phrases) + ")"
        for first, phrases in itertools.groupby(sorted(_OPENINGS, key=lambda p: p[0]), key=lambda p: p[0])
    )
    + ")",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)  # the segmenter, the subhead search and the body builder ask about the same lines
def boilerplate_tail(line: str) -> int | None:
    """Where a promo run into the end of a line starts (``Lawinengefahr Abonnieren Sie…``).

    >>> boilerplate_tail("Erhebliche Lawinengefahr Abonnieren Sie unseren Newsletter und mehr.")
    25
    >>> boilerplate_tail("Er sagte, man solle den Newsletter abonnieren.") is None
    True
    """
    if len(line) > MAX_BOILERPLATE_CHARS + MAX_HEADING_CHARS:
        return None  # a paragraph, not a heading with a promo after it
    match = _PROMO_INSIDE.search(line)
    if match is None or len(line[match.start(1) :].split()) < MIN_PROMO_WORDS:
        return None  # a promo is a whole sentence, not two words inside one
    return match.start(1) if is_boilerplate(line[match.start(1) :]) else None


# a promo glued to the text before it, as a body stored on one line has it: "…No. 5Sign up
# for our newsletter…", "…satisfaitCet article est réservé aux abonnés." (a promo is a
# sentence, so it opens on a capital; the rest of the phrase in any case: German nouns)
# (one branch per capital, each opening on it, so the search skips ahead from capital to
# capital; the match is the capital alone, so a promo inside another is found too)
PROMO_CAPITALS = frozenset(p[0].upper() for p in _OPENINGS if p[0].isalpha())  # what _PROMO_GLUED opens on
_PROMO_GLUED = re.compile(
    "|".join(
        re.escape(capital) + r"(?<=\S.)(?=(?i:" + "|".join(re.escape(p[1:]) for p in phrases) + "))"
        for capital, phrases in itertools.groupby(
            sorted((p for p in _OPENINGS if p[0].isalpha()), key=lambda p: p[0].upper()),
            key=lambda p: p[0].upper(),
        )
    )
)


def glued_promo_starts(text: str) -> list[int]:
    """Offsets where a promo, prompt or paywall sentence starts glued to the text before.

    >>> t = "Der Flug landete sicher.SDADieser Artikel ist unseren Abonnenten vorbehalten."
    >>> [t[i:i+14] for i in glued_promo_starts(t)]
    ['Dieser Artikel']
    >>> glued_promo_starts("Sie können den Newsletter abonnieren.Anzeige")
    []
    """
    return [
        m.start()
        for m in _PROMO_GLUED.finditer(text)
        if len(text[m.start() : m.start() + MAX_BOILERPLATE_CHARS].split()) >= MIN_PROMO_WORDS
    ]


def strip_trailing_count(text: str, *, lead: bool = False) -> tuple[str, str]:
    """``(text, count)`` with a glued comment count cut off the end.

    >>> strip_trailing_count("Le projet divise les médias.7")
    ('Le projet divise les médias.', '7')
    >>> strip_trailing_count("Le taux est de 1.7")
    ('Le taux est de 1.7', '')
    >>> strip_trailing_count("Die Serie steht 2:2.128", lead=True)
    ('Die Serie steht 2:2.', '128')
    >>> strip_trailing_count("Le parti parle de «trahison».11", lead=True)
    ('Le parti parle de «trahison».', '11')
    """
    if not text.removesuffix("\n")[-1:].isdigit():
        return text, ""  # no digit where the count would end (``$`` allows one final newline)
    # (a count of four digits at most, after one character: no match starts earlier)
    match = (LEAD_TRAILING_COUNT if lead else TRAILING_COUNT).search(text, max(0, len(text) - 6))
    if match is None:
        return text, ""
    return text[: match.start()], match.group()
