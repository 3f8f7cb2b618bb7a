"""eval-extraction: the benchmark's shingle F1, and a run on a few real pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archivist.eval.extraction import aggregate, evaluate_extraction, page_counts, shingles, tokenize

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction-benchmark"


@pytest.mark.parametrize(
    ("true", "pred", "expected"),
    [
        # identical texts: all true positives
        ("one two three four five", "one two three four five", (1.0, 0.0, 0.0)),
        # punctuation and case are not tokens of their own; tokens keep their case
        ("One, two; three four.", "One two three four", (1.0, 0.0, 0.0)),
        # half the true shingles predicted
        ("a b c d e", "a b c d", (0.5, 0.0, 0.5)),
        # extra predicted text: 2 true shingles, 2 more predicted
        ("a b c d e", "a b c d e f g", (0.5, 0.5, 0.0)),
        # nothing predicted
        ("a b c d", "", (0.0, 0.0, 1.0)),
        # both empty: no counts at all
        ("", "", (0.0, 0.0, 0.0)),
        # repeated shingles count as a multiset
        ("x y z w x y z w", "x y z w", (0.2, 0.0, 0.8)),
    ],
)
def test_page_counts(true: str, pred: str, expected: tuple[float, float, float]) -> None:
    assert page_counts(true, pred) == pytest.approx(expected)


def test_tokens_and_short_texts() -> None:
    assert tokenize("Zürich's 20min.ch") == ["Zürich", "s", "20min", "ch"]
    assert shingles("just three words") == {("just", "three", "words"): 1}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # a page with no prediction is left out of precision, kept in recall
        ([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)], {"precision": 1.0, "recall": 0.5}),
        # every page weighs the same whatever its length
        ([(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)], {"precision": 0.75, "recall": 1.0}),
    ],
)
def test_aggregate_averages_over_pages(
    counts: list[tuple[float, float, float]], expected: dict[str, float]
) -> None:
    scores = aggregate(counts)
    for key, value in expected.items():
        assert scores[key] == pytest.approx(value)
    p, r = scores["precision"], scores["recall"]
    assert scores["f1"] == pytest.approx(2 * p * r / (p + r))


@pytest.mark.slow
def test_benchmark_pages_score_trafilatura() -> None:
    if not (BENCH / "ground-truth.json").exists():
        pytest.skip(f"the article-extraction benchmark is not at {BENCH}")
    [score] = evaluate_extraction(BENCH, ["trafilatura-fast"], limit=8)
    assert score.pages == 8
    assert 0.8 < score.f1 <= 1.0  # trafilatura does well on real news pages
    assert score.pages_per_second > 0


def test_eval_extraction_cli(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import gzip

    from archivist.cli import main

    page = "<html><body><nav>Menu Home</nav><article><h1>Title</h1>{}</article></body></html>"
    body = "".join(
        f"<p>Paragraph {i} tells the reader a long story about the harbour and the town.</p>"
        for i in range(8)
    )
    (tmp_path / "html").mkdir()
    with gzip.open(tmp_path / "html" / "p1.html.gz", "wt", encoding="utf8") as f:
        f.write(page.format(body))
    truth = " ".join(
        f"Paragraph {i} tells the reader a long story about the harbour and the town." for i in range(8)
    )
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": {"articleBody": truth, "url": ""}}))
    result = runner.invoke(main, ["eval-extraction", str(tmp_path), "--extractor", "trafilatura", "--json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["extractor"] == "trafilatura" and row["pages"] == 1 and row["recall"] > 0.9
    bad = runner.invoke(main, ["eval-extraction", str(tmp_path), "--extractor", "nope"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_benchmark_matches_design_anchor_for_trafilatura_fast() -> None:
    # DESIGN.md section 4: trafilatura fast=True scores F1 0.962 on the 181 pages; our
    # scorer must reproduce it within 0.005 (a check of the scorer, not of trafilatura)
    if not (BENCH / "ground-truth.json").exists():
        pytest.skip(f"the article-extraction benchmark is not at {BENCH}")
    [score] = evaluate_extraction(BENCH, ["trafilatura-fast"])
    assert score.pages == 181
    assert abs(score.f1 - 0.962) <= 0.005
