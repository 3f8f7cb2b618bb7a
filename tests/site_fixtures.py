"""Articles for the site tests, stored through the store API (``save_migrated``).

Our own writing in French, German and English: a French article with kicker, lead,
subheads, a figure and a link to another article's old URL; a German one whose old
URL carries a query string; an English one not imported (no notice); one removed
article (410). Built from archivist.model so the site is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from archivist.model import Article, Block, LegacyRecord, Mark, Processed, Role
from archivist.store.articles import get_article_by_legacy_id, save_migrated, set_article_status
from archivist.store.tables import articles

OLD_HOST = "https://www.example.ch"

_LINK_TEXT = "le derby de samedi"
_P3 = (
    "Les commerçants de la place saluent la fin du chantier. Certains rappellent pourtant "
    f"que {_LINK_TEXT} avait déjà été perturbé par la fermeture des voies."
)
_AT = _P3.index(_LINK_TEXT)
FR = Article(
    legacy_id="4711",
    title="Le tram de Cornavin rouvre après six mois de travaux",
    kicker="Genève - Transports",
    lead="Les voies refaites entre la gare et Plainpalais accueillent à nouveau les rames dès lundi matin.",
    byline="Claire Duvanel",
    language="fr",
    section="Suisse",
    published=datetime(2016, 12, 13, 6, 30),
    url=f"{OLD_HOST}/suisse/tram-cornavin-4711.html",
    imported=True,
    blocks=(
        Block(
            Role.PARAGRAPH,
            "Après six mois de chantier, les Transports publics genevois remettent en service la ligne "
            "12 entre la gare Cornavin et la place de Plainpalais.",
        ),
        Block(
            Role.PARAGRAPH,
            "Les travaux ont permis de remplacer quatre kilomètres de rails et de moderniser douze arrêts, "
            "désormais accessibles aux personnes en fauteuil roulant.",
        ),
        Block(Role.SUBHEAD, "Des retards en cascade"),
        Block(
            Role.PARAGRAPH,
            _P3,
            marks=(
                Mark(
                    _P3.index(_LINK_TEXT),
                    _P3.index(_LINK_TEXT) + len(_LINK_TEXT),
                    "a",
                    "/sport/derby-8812.html?ref=home",
                ),
            ),
        ),
        Block(
            Role.CAPTION,
            "Une rame de la ligne 12 lors des essais nocturnes.",
            credit="KEYSTONE",
            src="https://img.example.ch/tram-12.jpg",
        ),
        Block(Role.SUBHEAD, "Une facture plus salée"),
        Block(
            Role.PARAGRAPH,
            "Le coût final dépasse de 8% le budget voté par le Grand Conseil, a reconnu le département.",
        ),
    ),
)

DE = Article(
    legacy_id="8812",
    title="Der SC Bern gewinnt das Derby in der Verlängerung",
    kicker="Eishockey",
    lead="Ein Treffer in der 63. Minute entscheidet das ausverkaufte Kantonsderby.",
    byline="Urs Kägi",
    language="de",
    section="Sport",
    published=datetime(2019, 3, 2, 22, 15),
    url=f"{OLD_HOST}/sport/derby-8812.html?ref=home",
    imported=True,
    blocks=(
        Block(Role.PARAGRAPH, "Vor 17 031 Zuschauern lagen die Gastgeber zweimal im Rückstand."),
        Block(Role.SUBHEAD, "Späte Wende"),
        Block(Role.PARAGRAPH, "Erst im Schlussdrittel glich die Mannschaft zum 3:3 aus."),
        Block(Role.PARAGRAPH, "In der Verlängerung traf der Verteidiger mit einem Weitschuss."),
    ),
)

EN = Article(
    legacy_id="en-77",
    title="Glacier melt doubles in two decades",
    kicker="Climate",
    lead="Alpine glaciers lost twice as much ice in the last twenty years as in the two before.",
    language="en",
    section="World",
    published=datetime(2021, 7, 15, 9, 0),
    url="/world/glacier-melt-77",
    imported=False,
    blocks=(
        Block(Role.PARAGRAPH, "Researchers compared aerial surveys from 1980 to 2020."),
        Block(Role.PARAGRAPH, "The steepest losses were measured below 3000 metres."),
    ),
)

GONE = Article(
    legacy_id="9999",
    title="Un article retiré des archives",
    language="fr",
    section="Suisse",
    published=datetime(2015, 1, 5, 8, 0),
    url=f"{OLD_HOST}/suisse/ancien-9999.html",
    imported=True,
    blocks=(Block(Role.PARAGRAPH, "Ce texte a été retiré à la demande d'une personne citée."),),
)

ALL = (FR, DE, EN, GONE)


@dataclass(frozen=True)
class Seeded:
    ids: dict[str, int]  # legacy id -> article id
    paths: dict[str, str]  # legacy id -> new path


def seed(engine: Engine, extra: tuple[Article, ...] = ()) -> Seeded:
    """Store the fixture articles as ``migrate`` would, and remove GONE."""
    with engine.begin() as conn:
        for article in (*ALL, *extra):
            raw = f"{article.kicker}{article.title}\n{article.lead}".encode()
            record = LegacyRecord(
                article.legacy_id, "text", raw, url=article.url, origin=f"{article.legacy_id}.txt"
            )
            save_migrated(conn, record, Processed(article, confidence=0.9), None)
        gone = get_article_by_legacy_id(conn, GONE.legacy_id)
        assert gone is not None
        set_article_status(conn, gone.id, "removed")
        rows = conn.execute(select(articles.c.legacy_id, articles.c.id, articles.c.path)).all()
    return Seeded({r.legacy_id: r.id for r in rows}, {r.legacy_id: r.path for r in rows})
