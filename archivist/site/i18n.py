"""The site's words in French, German and English: the import notice and the labels.

The notice belongs to the template, never to the stored text (DESIGN.md section 1):
the wording comes from here, or from ``notice_fr`` / ``notice_de`` / ``notice_en`` in
the site configuration. Unknown languages fall back to English.

>>> labels("de-CH")["report"]
'Fehler melden'
>>> notice("fr", MigrationConfig(report_email="x@y.ch")).endswith("x@y.ch.")
True
"""

from __future__ import annotations

from datetime import datetime

from archivist.config import MigrationConfig

__all__ = [
    "CATEGORIES",
    "LABELS",
    "NOTICES",
    "category_labels",
    "format_date",
    "labels",
    "language_of",
    "month_name",
    "notice",
]

# the default import notice per language; the wording follows the real notices quoted in
# DESIGN.md section 1, rewritten for this project
NOTICES: dict[str, str] = {
    "fr": (
        "Cet article a été importé automatiquement de notre ancien système de gestion de contenu. "
        "Il peut comporter des erreurs de mise en page. Signalez-nous toute erreur ci-dessous "
        "ou à {email}."
    ),
    "de": (
        "Dieser Artikel wurde automatisch aus unserem alten Redaktionssystem übertragen. "
        "Er kann Darstellungsfehler enthalten. Melden Sie uns Fehler hier unten oder an {email}."
    ),
    "en": (
        "This article was imported automatically from our former content management system. "
        "It may contain layout errors. Please report any error below or to {email}."
    ),
}

# reader report categories (issue 5, point 6): key -> label per language
CATEGORIES: dict[str, dict[str, str]] = {
    "glued_words": {"fr": "Mots collés", "de": "Zusammengeklebte Wörter", "en": "Words glued together"},
    "paragraph": {
        "fr": "Paragraphe ou intertitre manquant ou mal placé",
        "de": "Absatz oder Zwischentitel fehlt oder ist falsch platziert",
        "en": "Missing or misplaced paragraph or subhead",
    },
    "title": {
        "fr": "Titre ou surtitre erroné",
        "de": "Falscher Titel oder Spitzmarke",
        "en": "Wrong title or kicker",
    },
    "characters": {"fr": "Caractères cassés", "de": "Kaputte Zeichen", "en": "Broken characters"},
    "image": {
        "fr": "Image ou légende manquante",
        "de": "Bild oder Bildlegende fehlt",
        "en": "Missing image or caption",
    },
    "other": {"fr": "Autre", "de": "Anderes", "en": "Other"},
}

# the site's labels: key -> {language: text}
LABELS: dict[str, dict[str, str]] = {
    "report": {"fr": "Signaler une erreur", "de": "Fehler melden", "en": "Report an error"},
    "report_article": {
        "fr": "Signaler une erreur dans cet article",
        "de": "Einen Fehler in diesem Artikel melden",
        "en": "Report an error in this article",
    },
    "report_block": {
        "fr": "Signaler une erreur dans ce passage",
        "de": "Fehler in diesem Abschnitt melden",
        "en": "Report an error in this passage",
    },
    "category": {"fr": "Type d'erreur", "de": "Art des Fehlers", "en": "Kind of error"},
    "selected_text": {"fr": "Texte concerné", "de": "Betroffener Text", "en": "Text concerned"},
    "comment": {"fr": "Commentaire (facultatif)", "de": "Kommentar (freiwillig)", "en": "Comment (optional)"},
    "email": {
        "fr": "E-mail (facultatif, pour vous répondre)",
        "de": "E-Mail (freiwillig, für eine Antwort)",
        "en": "E-mail (optional, so we can answer)",
    },
    "send": {"fr": "Envoyer", "de": "Senden", "en": "Send"},
    "cancel": {"fr": "Annuler", "de": "Abbrechen", "en": "Cancel"},
    "thanks": {
        "fr": "Merci ! Votre signalement a été enregistré.",
        "de": "Danke! Ihre Meldung wurde gespeichert.",
        "en": "Thank you! Your report has been recorded.",
    },
    "back": {"fr": "Retour à l'article", "de": "Zurück zum Artikel", "en": "Back to the article"},
    "whole_article": {"fr": "L'article entier", "de": "Der ganze Artikel", "en": "The whole article"},
    "passage": {"fr": "Passage", "de": "Abschnitt", "en": "Passage"},
    "published": {"fr": "Publié le", "de": "Veröffentlicht am", "en": "Published"},
    "corrected": {"fr": "Dernière correction le", "de": "Zuletzt korrigiert am", "en": "Last corrected"},
    "by": {"fr": "Par", "de": "Von", "en": "By"},
    "latest": {"fr": "Derniers articles", "de": "Neueste Artikel", "en": "Latest"},
    "most_read": {"fr": "Les plus lus", "de": "Meistgelesen", "en": "Most read"},
    "sections": {"fr": "Rubriques", "de": "Ressorts", "en": "Sections"},
    "archive": {"fr": "Archives", "de": "Archiv", "en": "Archive"},
    "search": {"fr": "Rechercher", "de": "Suchen", "en": "Search"},
    "search_placeholder": {
        "fr": "Rechercher dans les archives",
        "de": "Im Archiv suchen",
        "en": "Search the archive",
    },
    "results": {"fr": "résultats", "de": "Treffer", "en": "results"},
    "no_results": {
        "fr": "Aucun article ne correspond à cette recherche.",
        "de": "Kein Artikel passt zu dieser Suche.",
        "en": "No article matches this search.",
    },
    "all_sections": {"fr": "Toutes les rubriques", "de": "Alle Ressorts", "en": "All sections"},
    "all_years": {"fr": "Toutes les années", "de": "Alle Jahre", "en": "All years"},
    "previous": {"fr": "Précédent", "de": "Zurück", "en": "Previous"},
    "next": {"fr": "Suivant", "de": "Weiter", "en": "Next"},
    "page": {"fr": "Page", "de": "Seite", "en": "Page"},
    "not_found": {"fr": "Page introuvable", "de": "Seite nicht gefunden", "en": "Page not found"},
    "not_found_help": {
        "fr": "Cette adresse ne mène à aucun article. Cherchez-le peut-être ici :",
        "de": "Unter dieser Adresse gibt es keinen Artikel. Vielleicht finden Sie ihn hier:",
        "en": "No article lives at this address. Perhaps you can find it here:",
    },
    "gone": {"fr": "Article retiré", "de": "Artikel entfernt", "en": "Article removed"},
    "gone_help": {
        "fr": "Cet article a été retiré des archives.",
        "de": "Dieser Artikel wurde aus dem Archiv entfernt.",
        "en": "This article has been removed from the archive.",
    },
    "error": {"fr": "Erreur", "de": "Fehler", "en": "Error"},
    "too_many": {
        "fr": "Trop de signalements en peu de temps. Réessayez plus tard.",
        "de": "Zu viele Meldungen in kurzer Zeit. Bitte später erneut versuchen.",
        "en": "Too many reports in a short time. Please try again later.",
    },
    "invalid_report": {
        "fr": "Ce signalement n'a pas pu être enregistré",
        "de": "Diese Meldung konnte nicht gespeichert werden",
        "en": "This report could not be recorded",
    },
    "home": {"fr": "Accueil", "de": "Startseite", "en": "Home"},
}


def language_of(tag: str) -> str:
    """The two-letter language we have words for; English otherwise.

    >>> language_of("fr-CH"), language_of("und")
    ('fr', 'en')
    """
    base = (tag or "").split("-")[0].lower()
    return base if base in NOTICES else "en"


def labels(tag: str) -> dict[str, str]:
    lang = language_of(tag)
    return {key: texts.get(lang, texts["en"]) for key, texts in LABELS.items()}


def category_labels(tag: str) -> list[tuple[str, str]]:
    lang = language_of(tag)
    return [(key, texts.get(lang, texts["en"])) for key, texts in CATEGORIES.items()]


def notice(tag: str, config: MigrationConfig) -> str:
    """The import notice for an article in language ``tag``, as configured for the site."""
    lang = language_of(tag)
    configured = {"fr": config.notice_fr, "de": config.notice_de, "en": config.notice_en}[lang]
    return (configured or NOTICES[lang]).replace("{email}", config.report_email)


def format_date(value: datetime | None, lang: str) -> str:
    """A date as readers of ``lang`` write it.

    >>> format_date(datetime(2016, 12, 13), "fr"), format_date(datetime(2016, 12, 13), "de")
    ('13 décembre 2016', '13. Dezember 2016')
    """
    if value is None:
        return ""
    lang = language_of(lang)
    month = _MONTHS[lang][value.month - 1]
    if lang == "de":
        return f"{value.day}. {month} {value.year}"
    if lang == "fr":
        return f"{'1er' if value.day == 1 else value.day} {month} {value.year}"
    return f"{month} {value.day}, {value.year}"


_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def month_name(month: int, tag: str) -> str:
    """The month's name in ``tag``'s language.

    >>> month_name(3, "de")
    'März'
    """
    return _MONTHS[language_of(tag)][month - 1]
