"""Search: the same code on SQLite FTS5 and PostgreSQL tsvector, ranked, highlighted, filtered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archivist.site.search import search, sync_search_index
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article
from tests.site_client import site_client
from tests.site_fixtures import DE, EN, FR, seed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Plainpalais", [FR.title]),  # a word of the lead and the body
        ("plainpalais", [FR.title]),  # case does not matter
        ("Verlängerung", [DE.title]),  # German, with its umlaut
        ("glacier", [EN.title]),  # English title word
        ("rails chantier", [FR.title]),  # every word must match
        ("tram OR derby", []),  # operators are plain words here, not syntax
        ('"; DROP TABLE articles; --', []),  # punctuation is dropped
        ("retiré", []),  # the removed article is not found
    ],
)
def test_search_finds_and_ranks(db_url: str, query: str, expected: list[str]) -> None:
    engine = open_store(db_url)
    seed(engine)
    sync_search_index(engine)
    with engine.connect() as conn:
        results = search(conn, query)
    engine.dispose()
    assert [h.title for h in results.hits] == expected
    assert results.total == len(expected)


def test_snippets_are_highlighted_and_escaped(db_url: str) -> None:
    engine = open_store(db_url)
    seed(engine)
    sync_search_index(engine)
    with engine.connect() as conn:
        [hit] = search(conn, "fauteuil").hits
    engine.dispose()
    assert "<mark>fauteuil</mark>" in hit.snippet
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_filters_by_section_and_year(db_url: str) -> None:
    with site_client(db_url) as site:
        everywhere = site.client.get("/search?q=the")
        assert everywhere.template.name == "search.html"  # type: ignore[attr-defined]
        by_section = site.client.get("/search?q=Plainpalais&section=sport")
        assert by_section.context["results"].hits == []  # type: ignore[attr-defined]
        in_section = site.client.get("/search?q=Plainpalais&section=suisse")
        assert [h.title for h in in_section.context["results"].hits] == [FR.title]  # type: ignore[attr-defined]
        wrong_year = site.client.get("/search?q=Plainpalais&year=2019")
        assert wrong_year.context["results"].hits == []  # type: ignore[attr-defined]
        as_the_form_sends_it = site.client.get("/search?q=Plainpalais&section=&year=")  # "all" choices
        assert as_the_form_sends_it.context["results"].total == 1  # type: ignore[attr-defined]
        right_year = site.client.get("/search?q=Plainpalais&year=2016")
        assert right_year.context["results"].total == 1  # type: ignore[attr-defined]
        assert "<mark>" in right_year.text


def test_index_follows_new_revisions(db_url: str) -> None:
    engine = open_store(db_url)
    seeded = seed(engine)
    assert sync_search_index(engine) == 3  # every published article, once
    assert sync_search_index(engine) == 0  # nothing changed
    with engine.begin() as conn:
        stored = get_article(conn, seeded.ids[EN.legacy_id])
        assert stored is not None
        fixed = replace(stored.article, title="Permafrost thaw speeds up")
        add_revision(conn, stored.id, fixed, kind="editor", author="ed")
    assert sync_search_index(engine) == 1
    with engine.connect() as conn:
        assert [h.title for h in search(conn, "permafrost").hits] == ["Permafrost thaw speeds up"]
        assert search(conn, "doubles").hits == []  # a word only the old title had
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zuschauer", DE.title),  # german config: "Zuschauern" in the body stems to the same word
        ("retard", FR.title),  # french config: the subhead says "retards"
        ("surveys", EN.title),  # english config: plural of the body's "surveys" / "survey"
        ("survey", EN.title),
    ],
)
def test_postgresql_uses_the_language_of_each_article(pg_url: str, query: str, expected: str) -> None:
    engine = open_store(pg_url)
    seed(engine)
    sync_search_index(engine)
    with engine.connect() as conn:
        hits = search(conn, query).hits
    engine.dispose()
    assert [h.title for h in hits] == [expected]
