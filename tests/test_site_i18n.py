"""The site's words: every label and category exists in French, German and English."""

from __future__ import annotations

import pytest

from archivist.config import MigrationConfig
from archivist.site.i18n import CATEGORIES, LABELS, NOTICES, category_labels, labels, notice


@pytest.mark.parametrize("table", [LABELS, CATEGORIES])
def test_every_word_has_three_languages(table: dict[str, dict[str, str]]) -> None:
    for key, texts in table.items():
        assert set(texts) == {"fr", "de", "en"}, key
        assert all(t.strip() for t in texts.values()), key


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr", "fr"),  # French
        ("de-CH", "de"),  # Swiss German falls back to German
        ("EN", "en"),  # case does not matter
        ("it", "en"),  # a language we have no words for: English
        ("und", "en"),  # undetermined: English
    ],
)
def test_language_fallbacks(tag: str, expected: str) -> None:
    assert labels(tag)["report"] == LABELS["report"][expected]
    assert category_labels(tag)[0][1] == CATEGORIES["glued_words"][expected]
    assert notice(tag, MigrationConfig(report_email="r@x.ch")) == NOTICES[expected].replace(
        "{email}", "r@x.ch"
    )


def test_notice_is_overridable_per_language() -> None:
    config = MigrationConfig(notice_de="Automatisch übernommen. Hinweise an {email}.", report_email="a@b.ch")
    assert notice("de", config) == "Automatisch übernommen. Hinweise an a@b.ch."
    assert notice("fr", config) == NOTICES["fr"].replace("{email}", "a@b.ch")
