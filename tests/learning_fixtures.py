"""A regional archive with its own recurring damage, for the learning-from-editors tests.

Our own writing: the "Stadtanzeiger", a Zurich local paper. Its weekend series is
called "ZüriTipp", a camel-case house name, and it damages the same way in every
export (DESIGN.md section 1: kicker glued to the title, words glued at former links):

- the kicker "ZüriTipp" glued to the title, ``ZüriTippDie schönsten Brunnen…``: the
  rules cut at the first glued capital and make "Züri" the kicker;
- every Tipp ends on the house line "…jeden Freitag im ZüriTipp der Zeitung." whose
  link to the series lost its spaces, ``imZüriTippder``: the rules split the house name
  and leave "Tippder" glued.

:func:`news_articles` are the same paper's ordinary local news, which the rules get
right: whatever editors teach about the Tipp series must leave them alone.
:func:`gold_json` writes an article in the gold schema (corpus/README.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from archivist.model import Article, Block, Role

SERIES = "ZüriTipp"
HOUSE_LINE = "Mehr Ausflugsideen finden Sie jeden Freitag im ZüriTipp der Zeitung."

# (title, lead, place, what one does there, when it is open)
TIPPS = [
    (
        "Die schönsten Brunnen der Altstadt",
        "Ein Spaziergang zu zwölf Brunnen",
        "Lindenhof",
        "Wasser trinken",
        "immer",
    ),
    (
        "Wo Familien am Sonntag grillieren",
        "Fünf Feuerstellen am Stadtrand",
        "Allmend",
        "Würste braten",
        "bei trockenem Wetter",
    ),
    (
        "Ein Bad im Fluss mitten in der Stadt",
        "Die Flussbäder öffnen im Mai",
        "Oberen Letten",
        "schwimmen",
        "von Mai bis September",
    ),
    (
        "Kaffee mit Aussicht über den See",
        "Drei Terrassen für einen freien Nachmittag",
        "Zürichberg",
        "Kuchen essen",
        "täglich ab neun Uhr",
    ),
    (
        "Velotour entlang der Limmat",
        "Flach, schattig und ohne Autos",
        "Werdinsel",
        "Velo fahren",
        "das ganze Jahr",
    ),
    (
        "Der Wochenmarkt am Bürkliplatz",
        "Gemüse, Blumen und Käse aus der Region",
        "Bürkliplatz",
        "einkaufen",
        "dienstags und freitags",
    ),
    ("Ein Museum für Regentage", "Spielzeug aus drei Jahrhunderten", "Rennweg", "staunen", "ausser montags"),
    (
        "Wandern auf dem Uetliberg",
        "Der Planetenweg für die ganze Familie",
        "Uetliberg",
        "wandern",
        "bei jedem Wetter",
    ),
    (
        "Flohmarkt unter den Platanen",
        "Schallplatten, Geschirr und alte Bücher",
        "Kanzleiareal",
        "stöbern",
        "jeden Samstag",
    ),
    (
        "Der Zoo bei Nacht",
        "Führungen durch das stille Tierreich",
        "Zürichberg",
        "Tiere beobachten",
        "freitags im Winter",
    ),
    (
        "Eislaufen auf der Dolder-Bahn",
        "Die grösste Kunsteisbahn Europas unter freiem Himmel",
        "Dolder",
        "Schlittschuh laufen",
        "von Oktober bis März",
    ),
    ("Boot mieten am Utoquai", "Mit dem Pedalo auf den See", "Utoquai", "rudern", "bei ruhigem Wasser"),
    ("Lesen im Park", "Die Quartierbibliothek zieht ins Freie", "Rieterpark", "lesen", "an Sommerabenden"),
    (
        "Kino unter Sternen",
        "Das Open-Air am See zeigt neue Filme",
        "Zürichhorn",
        "Filme schauen",
        "im Juli und August",
    ),
    (
        "Pilze sammeln mit dem Förster",
        "Ein Kurs für Anfängerinnen und Anfänger",
        "Adlisberg",
        "Pilze suchen",
        "im Herbst",
    ),
    (
        "Tanzen auf dem Münsterhof",
        "Tango für alle an lauen Abenden",
        "Münsterhof",
        "tanzen",
        "mittwochs im Sommer",
    ),
]

# (kicker, title, lead, topic, a name the text mentions)
NEWS = [
    (
        "Stadt Zürich",
        "Neue Velowege für die Langstrasse",
        "Der Stadtrat will bis 2028 getrennte Spuren bauen",
        "Velowege",
        "Nora Imhof",
    ),
    (
        "Kanton Zürich",
        "Mehr Geld für die Volksschule",
        "Der Kantonsrat erhöht das Budget um zwei Prozent",
        "Schulen",
        "Beat Wyss",
    ),
    (
        "Verkehr",
        "Die Hardbrücke wird saniert",
        "Pendler müssen drei Wochen lang ausweichen",
        "Belag",
        "Lea Gubler",
    ),
    (
        "Wohnen",
        "Genossenschaft baut in Altstetten",
        "Zweihundert Wohnungen zu tiefen Mieten",
        "Wohnungen",
        "Marco Frei",
    ),
    (
        "Gesundheit",
        "Das Triemli erhält einen neuen Flügel",
        "Der Bau soll 2027 bezugsbereit sein",
        "Spital",
        "Ursula Kälin",
    ),
    (
        "Kultur",
        "Das Schauspielhaus zeigt wieder Klassiker",
        "Die neue Intendanz setzt auf Schiller und Kleist",
        "Theater",
        "Reto Ammann",
    ),
]


def tipp_articles() -> list[Article]:
    """Sixteen Tipps: kicker "ZüriTipp", a subhead, and the house line with its link."""
    out = []
    for n, (title, lead, place, doing, open_) in enumerate(TIPPS, start=1):
        blocks = (
            Block(
                Role.PARAGRAPH,
                f"Am {place} lässt es sich gut {doing}. Viele Zürcherinnen und Zürcher kennen den Ort "
                "nur vom Vorbeigehen, dabei lohnt sich ein längerer Halt.",
            ),
            Block(Role.SUBHEAD, "Anreise und Öffnungszeiten"),
            Block(
                Role.PARAGRAPH,
                f"Der Ort ist {open_} zugänglich. Das Tram hält in wenigen Minuten Entfernung, "
                "Parkplätze gibt es kaum.",
            ),
            Block(Role.PARAGRAPH, HOUSE_LINE, marks=_link(HOUSE_LINE, SERIES)),
        )
        out.append(
            Article(
                legacy_id=f"za-{n:03d}",
                title=title,
                kicker=SERIES,
                lead=f"{lead}.",
                language="de",
                section="Freizeit",
                published=datetime(2023, 4, n, 6, 0),
                blocks=blocks,
            )
        )
    return out


def news_articles() -> list[Article]:
    """The paper's ordinary news: a kicker the rules split right, links elsewhere."""
    out = []
    for n, (kicker, title, lead, topic, name) in enumerate(NEWS, start=101):
        text = (
            f"Die Vorlage zum Thema {topic} kommt im Frühling vor das Parlament. {name} sprach am "
            "Dienstag vor den Medien von einem wichtigen Schritt für die Stadt."
        )
        blocks = (
            Block(Role.PARAGRAPH, text, marks=_link(text, f"Thema {topic}")),
            Block(Role.SUBHEAD, "Was die Gegner sagen"),
            Block(
                Role.PARAGRAPH,
                "Die Opposition verlangt einen Bericht über die Kosten. Sie will das Geschäft "
                "zurückweisen, falls die Zahlen nicht bis zum Sommer vorliegen.",
            ),
        )
        out.append(
            Article(
                legacy_id=f"za-{n:03d}",
                title=title,
                kicker=kicker,
                lead=f"{lead}.",
                language="de",
                section="Zürich",
                published=datetime(2023, 5, n - 100, 6, 0),
                blocks=blocks,
            )
        )
    return out


def _link(text: str, phrase: str) -> tuple[Any, ...]:
    from archivist.model import Mark

    start = text.index(phrase)
    return (Mark(start, start + len(phrase), "a"),)


def gold_json(article: Article) -> dict[str, Any]:
    """``article`` in the gold schema of corpus/README.md."""
    blocks = []
    for block in article.blocks:
        links = [block.text[m.start : m.end] for m in block.marks if m.kind == "a"]
        blocks.append({"role": block.role.value, "text": block.text, "links": links})
    return {
        "id": article.legacy_id,
        "language": article.language,
        "genre": "local",
        "section": article.section,
        "published": article.published.isoformat() if article.published else None,
        "kicker": article.kicker,
        "title": article.title,
        "lead": article.lead,
        "byline": "",
        "dateline": "",
        "blocks": blocks,
    }
