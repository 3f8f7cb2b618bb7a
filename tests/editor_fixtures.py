"""A small damaged archive for the editor tests: glued kickers, a flattened subhead, a report.

Our own writing. ``GRELE`` is what the recovery left of a French article: the kicker
"Météo" glued to the title and the subhead "Des dégâts considérables" left as a
paragraph. Three more weather articles share the glued kicker (the propagation
offer), the site fixtures (``tests.site_fixtures``) do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.store.articles import get_article_by_legacy_id, save_migrated
from archivist.store.tables import reports
from archivist.store.users import add_user

EDITOR = ("anna", "correct horse battery")
SUBHEAD = "Des dégâts considérables"
GRELE = Article(
    legacy_id="grele-310",
    title="MétéoLa grêle ravage les vignes de Lavaux",
    language="fr",
    section="Vaud",
    lead="Un orage d'une rare violence a frappé la région dimanche en fin d'après-midi.",
    published=datetime(2021, 6, 28, 8, 0),
    url="https://www.example.ch/vaud/grele-310.html",
    imported=True,
    blocks=(
        Block(
            Role.PARAGRAPH, "Les grêlons, gros comme des balles de golf, sont tombés pendant vingt minutes."
        ),
        Block(Role.PARAGRAPH, SUBHEAD),
        Block(Role.PARAGRAPH, "Certains vignerons estiment avoir perdu la moitié de leur récolte."),
    ),
)
SAME_DAMAGE = tuple(
    Article(
        legacy_id=f"meteo-{n}",
        title=f"Météo{title}",
        language="fr",
        section="Suisse",
        published=datetime(2021, 7, n, 8, 0),
        imported=True,
        blocks=(Block(Role.PARAGRAPH, f"MeteoSuisse a publié son bulletin du {n} juillet."),),
    )
    for n, title in (
        (2, "Canicule sur le Plateau"),
        (3, "Les orages reviennent"),
        (4, "Vents violents au Léman"),
    )
)


@dataclass(frozen=True)
class EditorArchive:
    article_id: int
    report_id: int
    path: str


def seed_editor(engine: Engine) -> EditorArchive:
    """Store the damaged articles, a reader's report on GRELE, and the editor account."""
    with engine.begin() as conn:
        for article in (GRELE, *SAME_DAMAGE):
            raw = f"{article.title}\n{article.lead}\n" + "\n".join(b.text for b in article.blocks)
            record = LegacyRecord(
                article.legacy_id, "text", raw.encode(), url=article.url, origin=f"{article.legacy_id}.txt"
            )
            save_migrated(conn, record, Processed(article, confidence=0.55), None)
        stored = get_article_by_legacy_id(conn, GRELE.legacy_id)
        assert stored is not None
        result = conn.execute(
            reports.insert().values(
                article_id=stored.id,
                revision_id=stored.revision_id,
                block=1,
                legacy_id=GRELE.legacy_id,
                category="paragraph",
                selected_text=SUBHEAD,
                comment="C'est un intertitre, pas un paragraphe.",
                email="",
                ip_hash="",
                status="open",
                created_at=datetime(2026, 11, 20, 9, 0),
            )
        )
        report_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        add_user(conn, *EDITOR, role="editor")
    return EditorArchive(stored.id, report_id, stored.path)
