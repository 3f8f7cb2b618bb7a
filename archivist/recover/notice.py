"""The automatic-import notice (DESIGN.md section 1), found and cut out of text.

The new site appended a footnote to every imported article; exports carry it in the
body, on its own line or glued to the last paragraph. It starts with one of the
openings below and runs over sentences that all talk about the import, the layout
errors, reporting them and thanking the reader.
"""

from __future__ import annotations

import re

# How the notice opens, per language (variants seen: "importé"/"transféré", "Artikel"/
# "Beitrag", "importiert"/"übertragen", "automatically"/"automatically been").
_OPENINGS = (
    r"Cet (?:article|contenu) a été (?:automatiquement )?(?:importé|transféré|migré)",
    r"Ce contenu a été (?:automatiquement )?(?:importé|transféré)",
    r"(?:Dieser|Der) (?:Artikel|Beitrag|Text) wurde (?:automatisch )?(?:aus|von) unserem alten",
    r"(?:Dieser|Der) (?:Artikel|Beitrag|Text) wurde automatisch",
    r"This (?:article|story|content) (?:was|has been) (?:automatically )?(?:imported|migrated|transferred)",
)
NOTICE_START = re.compile("|".join(_OPENINGS), re.IGNORECASE)

# Sentences that belong to the notice once it has started.
_NOTICE_WORDS = re.compile(
    r"import|übertragen|transféré|migr|erreurs? de mise en page|Darstellungsfehler|layout|"
    r"signaler|melden|report|remercions|Dank|thank|compréhension|Verständnis|understanding|"
    r"community-feedback|feedback@|@|collaboration|Mithilfe|cooperation|errors?\b|Fehler",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s*")


def find_notice(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the import notice in ``text``, or None.

    >>> t = "Fin du texte.Cet article a été automatiquement importé de notre ancien système. Merci."
    >>> s, e = find_notice(t); t[:s]
    'Fin du texte.'
    """
    match = NOTICE_START.search(text)
    if match is None:
        return None
    end = match.start()
    pos = match.start()
    while pos < len(text):
        stop = _SENTENCE_END.search(text, pos + 1)
        sentence_end = stop.start() if stop and stop.start() > pos else len(text)
        # e-mail addresses hold dots: a sentence ends at ". " or at the end of the text
        while sentence_end < len(text) and not (
            sentence_end == len(text)
            or text[sentence_end : sentence_end + 1].isspace()
            or text[sentence_end : sentence_end + 1].isupper()
        ):
            nxt = _SENTENCE_END.search(text, sentence_end + 1)
            sentence_end = nxt.start() if nxt and nxt.start() > sentence_end else len(text)
        sentence = text[pos:sentence_end]
        if pos != match.start() and not _NOTICE_WORDS.search(sentence):
            break
        end = sentence_end
        pos = sentence_end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return match.start(), end


def strip_notice(text: str) -> tuple[str, str]:
    """``(text without the notice, the notice)``; the notice is ``""`` when absent.

    >>> strip_notice("Letzter Satz.Dieser Artikel wurde automatisch aus unserem alten "
    ...     "Redaktionssystem übertragen. Falls Sie auf Darstellungsfehler stossen, melden Sie "
    ...     "sich bitte. Vielen Dank für Ihr Verständnis.")[0]
    'Letzter Satz.'
    """
    span = find_notice(text)
    if span is None:
        return text, ""
    start, end = span
    kept = (text[:start].rstrip() + " " + text[end:].lstrip()).strip()
    return kept, text[start:end].strip()
