"""Language tables of the legacy export: import notices, promos, credit labels.

Every row is our own wording modelled on the shapes DESIGN.md section 1 lists
(the French notice follows the real one quoted there and in seed/syrie-alep.txt).
"""

from __future__ import annotations

# the automatic-import notice the new site appended to every imported article
NOTICES: dict[str, str] = {
    "fr": (
        "Cet article a été automatiquement importé de notre ancien système de gestion de contenu vers "
        "notre nouveau site web. Il est possible qu'il comporte quelques erreurs de mise en page. Veuillez "
        "nous signaler toute erreur à community-feedback@tamedia.ch. Nous vous remercions de votre "
        "compréhension et votre collaboration."
    ),
    "de": (
        "Dieser Artikel wurde automatisch aus unserem alten Redaktionssystem auf unsere neue Website "
        "übertragen. Falls Sie auf Darstellungsfehler stossen, bitten wir Sie, diese an "
        "community-feedback@tamedia.ch zu melden. Vielen Dank für Ihr Verständnis und Ihre Mithilfe."
    ),
    "en": (
        "This article was automatically imported from our old content management system to our new "
        "website. It may contain some layout errors. Please report any errors to "
        "community-feedback@tamedia.ch. Thank you for your understanding and your help."
    ),
}

# boilerplate lines that leaked into bodies: newsletter / WhatsApp promos, "report an error"
# prompts, paywall and browser warnings (DESIGN.md section 1, "boilerplate in body")
PROMOS: dict[str, tuple[str, ...]] = {
    "fr": (
        "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.",
        "Suivez-nous sur WhatsApp et recevez les dernières infos directement sur votre téléphone.",
        "Vous avez repéré une erreur? Merci de nous la signaler.",
        "Votre navigateur n'est plus à jour. Pour une expérience optimale, veuillez le mettre à jour.",
        "Cet article est réservé aux abonnés.",
    ),
    "de": (
        "Abonnieren Sie unseren Newsletter und erhalten Sie jeden Morgen das Wichtigste.",
        "Folgen Sie uns auf WhatsApp und erhalten Sie die News direkt auf Ihr Handy.",
        "Haben Sie einen Fehler entdeckt? Jetzt melden.",
        "Ihr Browser ist veraltet. Bitte aktualisieren Sie ihn für die beste Darstellung.",
        "Dieser Artikel ist unseren Abonnentinnen und Abonnenten vorbehalten.",
    ),
    "en": (
        "Sign up for our newsletter to get the day's top stories every morning.",
        "Follow us on WhatsApp and get breaking news straight to your phone.",
        "Spotted an error? Let us know.",
        "Your browser is out of date. Please update it for the best experience.",
        "This article is for subscribers only.",
    ),
}


# how a personal byline line opens in the body ("Par Jean Dupont", "Von Anna Keller")
BYLINE_PREFIXES: dict[str, str] = {"fr": "Par", "de": "Von", "en": "By"}


def language_row(table: dict[str, str], language: str) -> str:
    """The row for ``language``, English when the language has no row of its own."""
    return table.get(language, table["en"])
