"""The words glued_word_cuts settles once (known, no link tail, no brand) are remembered
across articles; what it cuts must not depend on which articles came before."""

from __future__ import annotations

import pytest

from archivist.recover.glue import vocabulary
from archivist.repairs import splitting
from archivist.repairs.splitting import glued_word_cuts

ARTICLES = [
    # (language, text that settles words, text that then needs them unsettled)
    (
        "de",
        "Der Sturz war schwer. Wenige Tage danach kam er an.",
        "Sturzbei Nacht. Wenige Tagenach kam er an.",
    ),
    (
        "fr",
        "Les négociations reprennent mardi à Genève.",
        "Les délégués ont repris desnégociations mardi avecla France.",
    ),
    ("en", "The council met on Thursday in Bern.", "The councilmet on Thursdayin Bern andthe mayor spoke."),
]


@pytest.mark.parametrize(("language", "first", "second"), ARTICLES, ids=[a[0] for a in ARTICLES])
def test_cuts_do_not_depend_on_earlier_articles(
    language: str, first: str, second: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(splitting, "_SETTLED", {})
    cold = glued_word_cuts(second, vocabulary(second), language)
    glued_word_cuts(first, vocabulary(first), language)
    glued_word_cuts(second, vocabulary(second), language)
    warm = glued_word_cuts(second, vocabulary(second), language)
    assert warm == cold
    assert cold, "the case has a glued word"
    assert splitting._SETTLED[language].words, "known words were settled"
    assert splitting._SETTLED[language].tokens, "tokens holding only settled words were remembered"
    assert not set(cold) & splitting._SETTLED[language].words, "a word that was cut is never settled"


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splitting, "_SETTLED", {})
    monkeypatch.setattr(splitting, "SETTLED_MAX", 3)
    text = "Die Regierung bestätigte gestern die neuen Zahlen für das kommende Jahr in Zürich."
    glued_word_cuts(text, vocabulary(text), "de")
    assert len(splitting._SETTLED["de"].words) == 3


NEVER_CUT = [
    # (language, unknown word, whether no article could make the lexicon and pair rules cut it)
    ("de", "Konsumentenschutzgesetz", True),  # a compound: no function word at either end
    ("en", "Keller-Sutter", True),
    ("en", "agencysaid", False),  # two common words: the pair rule cuts it
    ("fr", "desnégociations", False),  # a function word glued to a word
    ("en", "Thursdayin", False),  # cut when the article writes Thursday alone
]


@pytest.mark.parametrize(("language", "word", "never"), NEVER_CUT, ids=[c[1] for c in NEVER_CUT])
def test_never_cut(language: str, word: str, never: bool) -> None:
    assert splitting._never_cut(word, language, splitting.lexicon(language)) is never


def test_a_settled_unknown_word_is_one_no_article_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(splitting, "_SETTLED", {})
    first = "Sie trafen Thursday Leute in Bern und Konsumentenschutzgesetz wurde beraten."
    glued_word_cuts(first, vocabulary(first), "en")
    second = "The mayor spoke on Thursdayin Bern. Thursday was calm."
    assert glued_word_cuts(second, vocabulary(second), "en") == {"Thursdayin": 8}
