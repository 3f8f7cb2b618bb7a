"""Properties of text recovery, over generated articles.

* A clean article rendered as clean flattened text (kicker line, title, lead, one block
  per line, subheads as bare lines) comes back exactly, with no repair step.
* Whatever glue damage is applied (kicker glued to the title, the body glued onto one
  line, the import notice appended), recovery loses no letter of the text other than
  the notice, and invents none.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.model import Article, Block, LegacyRecord, Role
from archivist.process import process_record

# our own small vocabulary of French news words (lower case) and place names
NOUNS = ["commune", "projet", "budget", "route", "école", "rapport", "conseil", "hôpital", "chantier", "vote"]
WORDS = ["le", "la", "des", "du", "nouveau", "grand", "public", "prévu", "mardi", "depuis", "contre", "plus"]
VERBS = ["présente", "annonce", "refuse", "accepte", "prépare", "examine", "soutient", "critique"]
PLACES = ["Genève", "Lausanne", "Fribourg", "Sion", "Neuchâtel", "Delémont"]
NOTICE = (
    "Cet article a été automatiquement importé de notre ancien système de gestion de contenu vers notre "
    "nouveau site web. Il est possible qu'il comporte quelques erreurs de mise en page. Veuillez nous "
    "signaler toute erreur à community-feedback@exemple.ch. Nous vous remercions de votre compréhension."
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    subject = draw(st.sampled_from(["Le", "La", "Un", "Une"])) + " " + draw(st.sampled_from(NOUNS))
    words = draw(st.lists(st.sampled_from(WORDS + NOUNS), min_size=3, max_size=10))
    if draw(st.booleans()):
        words += [draw(st.sampled_from(["à", "de"])), draw(st.sampled_from(PLACES))]
    return f"{subject} {draw(st.sampled_from(VERBS))} {' '.join(words)}."


def _capitalised(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@st.composite
def articles(draw: st.DrawFn) -> Article:
    kicker = draw(st.sampled_from(["", *PLACES, "Vaud - Transports", "Votations"]))
    title = _capitalised(draw(st.lists(st.sampled_from(NOUNS + WORDS + VERBS), min_size=3, max_size=8)))
    lead = draw(sentences())
    blocks: list[Block] = []
    for _ in range(draw(st.integers(1, 5))):
        if blocks and draw(st.integers(0, 3)) == 0:
            # a heading ends on a noun, never on an article ("Commune le" is no heading)
            words = draw(st.lists(st.sampled_from(NOUNS + WORDS), min_size=1, max_size=3))
            head = _capitalised([*words, draw(st.sampled_from(NOUNS))])
            blocks.append(Block(Role.SUBHEAD, head))
        text = " ".join(draw(st.lists(sentences(), min_size=2, max_size=4)))
        blocks.append(Block(Role.PARAGRAPH, text))
    return Article("gen", title, kicker=kicker, lead=lead, blocks=tuple(blocks))


def render(
    article: Article, *, glue_kicker: bool = False, glue_body: bool = False, notice: bool = False
) -> str:
    head = [article.kicker + article.title] if glue_kicker else [article.kicker, article.title]
    body = [b.text for b in article.blocks]
    lines = [line for line in head if line] + [article.lead]
    lines += ["".join(body)] if glue_body else body
    if notice:
        lines[-1] += NOTICE
    return "\n".join(lines) + "\n"


def _structure(article: Article) -> tuple[object, ...]:
    return (article.kicker, article.title, article.lead, tuple((b.role, b.text) for b in article.blocks))


def _recover(text: str) -> Article:
    return process_record(LegacyRecord("gen", "text", text.encode("utf-8"))).article


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_clean_article_comes_back_unchanged(article: Article) -> None:
    processed = process_record(LegacyRecord("gen", "text", render(article).encode("utf-8")))
    assert _structure(processed.article) == _structure(article)
    assert processed.steps == ()


_LETTERS = re.compile(r"\w", re.UNICODE)


def _letters(text: str) -> Counter[str]:
    return Counter(_LETTERS.findall(text))


def _article_text(article: Article) -> str:
    parts = [article.kicker, article.title, article.lead, article.byline, article.dateline]
    for block in article.blocks:
        parts.extend([block.text, *block.items, block.credit])
    return " ".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.booleans(), st.booleans(), st.booleans())
def test_no_word_lost_or_invented(article: Article, glue_kicker: bool, glue_body: bool, notice: bool) -> None:
    text = render(article, glue_kicker=glue_kicker, glue_body=glue_body, notice=notice)
    recovered = _recover(text)
    assert _letters(_article_text(recovered)) == _letters(text.replace(NOTICE, ""))
    assert recovered.imported is notice
    for word in re.findall(r"\w+", _article_text(recovered)):
        assert word in text  # every output word is a piece of the input


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_glued_kicker_and_body_are_recovered(article: Article) -> None:
    recovered = _recover(render(article, glue_kicker=True, glue_body=True, notice=True))
    assert _structure(recovered) == _structure(article)
