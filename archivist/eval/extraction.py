"""Main-content extraction scored on the Zyte article-extraction benchmark.

The score is the benchmark's own (``evaluate.py`` of scrapinghub/article-extraction-
benchmark, DESIGN.md section 4): the ``\\w+`` tokens of the text are cut into 4-word
shingles; per page, true positives / false positives / false negatives are counted
over the shingle multisets and normalised by their sum so that every page weighs the
same; precision is averaged over the pages that predicted something, recall over the
pages whose truth holds something, and F1 is the harmonic mean of the two averages.

Extractors sit in :data:`EXTRACTORS` (name -> ``extract(html, url) -> text``) so a new
one plugs in with one row. The benchmark data is read where it lies and never copied.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError

Extractor = Callable[[str, str], str]
Counts = tuple[float, float, float]  # normalised (tp, fp, fn) of one page

SHINGLE_N = 4  # the benchmark's ngram_n
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str) -> list[str]:
    r"""The benchmark's tokens: every ``\w+`` run.

    >>> tokenize("L'été, 2019 — c'est ça.")
    ['L', 'été', '2019', 'c', 'est', 'ça']
    """
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a text shorter than n is one shingle.

    >>> sorted(shingles("a b c d e", 4))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    >>> shingles("a b", 4)
    Counter({('a', 'b'): 1})
    """
    tokens = tokenize(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, pred: str, n: int = SHINGLE_N) -> Counts:
    """Normalised (tp, fp, fn) of one page, as the benchmark counts them.

    >>> page_counts("a b c d e", "a b c d")
    (0.5, 0.0, 0.5)
    """
    true_sh, pred_sh = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return (tp / total, fp / total, fn / total)
    return (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(counts: Sequence[Counts]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 their harmonic mean.

    >>> aggregate([(0.5, 0.0, 0.5), (1.0, 0.0, 0.0)])
    {'precision': 1.0, 'recall': 0.75, 'f1': 0.8571428571428571}
    """
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- extractors ---------------------------------------------------------------


def _trafilatura(fast: bool) -> Extractor:
    def extract(html: str, url: str) -> str:
        import trafilatura

        # called exactly as the benchmark's run_trafilatura.py does (no url)
        return trafilatura.extract(html, include_comments=False, fast=fast) or ""

    return extract


def blocks_text(blocks: Any) -> str:
    """Body blocks as the benchmark's articleBody holds them: texts and items, by paragraph.

    Captions are left out: the benchmark's articleBody holds none (none of the 42
    captions archivist's HTML path restores on its pages is in the ground truth).
    """
    parts: list[str] = []
    for block in blocks:
        if getattr(block, "role", "") == "caption":
            continue
        parts.extend(p for p in (block.text, *block.items) if p)
    return "\n\n".join(parts)


# where archivist's generic HTML path lives, first found wins: (module, function); the
# function takes (html, url) and returns an Article or a list of Blocks
_ARCHIVIST_HTML = (
    ("archivist.recover.html", "extract_generic"),
    ("archivist.recover.html_generic", "extract_blocks"),
)


@functools.cache
def _archivist_html() -> Callable[[str, str], Any] | None:
    for module_name, attr in _ARCHIVIST_HTML:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # not written yet, or half-written by its author right now
            continue
        if hasattr(module, attr):
            function: Callable[[str, str], Any] = getattr(module, attr)
            return function
    return None


def _archivist(html: str, url: str) -> str:
    extract = _archivist_html()
    if extract is None:
        msg = "archivist's HTML path (archivist.recover.html_generic.extract_blocks) is not installed."
        raise ConfigError(msg)
    result = extract(html, url)
    if hasattr(result, "blocks"):  # an Article: its lead belongs to the article body
        lead = [result.lead] if result.lead else []
        return "\n\n".join([*lead, blocks_text(result.blocks)])
    return blocks_text(result)


def archivist_available() -> bool:
    """archivist's HTML path is scored side by side once it exists."""
    return _archivist_html() is not None


# name -> extractor; archivist's row is live only when its HTML path exists
EXTRACTORS: dict[str, Extractor] = {
    "archivist": _archivist,
    "trafilatura": _trafilatura(fast=False),  # trafilatura 2.3.1 defaults
    "trafilatura-fast": _trafilatura(fast=True),
}


def default_extractors() -> list[str]:
    names = list(EXTRACTORS)
    return names if archivist_available() else [n for n in names if n != "archivist"]


# --- the benchmark --------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    html: str
    truth: str


def load_benchmark(directory: Path, limit: int | None = None) -> Iterator[Page]:
    """Pages of the benchmark in ground-truth order, read where they lie."""
    truth_path = directory / "ground-truth.json"
    if not truth_path.exists():
        msg = f"No ground-truth.json in '{directory}'. Point eval-extraction at the benchmark folder."
        raise ConfigError(msg)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    for i, (key, item) in enumerate(truth.items()):
        if limit is not None and i >= limit:
            return
        path = directory / "html" / f"{key}.html.gz"
        with gzip.open(path, "rt", encoding="utf8") as stream:
            html = stream.read()
        yield Page(key, item.get("url", ""), html, item.get("articleBody", ""))


@dataclass(frozen=True)
class ExtractionScore:
    name: str
    pages: int
    precision: float
    recall: float
    f1: float
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, float | int | str]:
        return {
            "extractor": self.name,
            "pages": self.pages,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pages_per_second": round(self.pages_per_second, 1),
        }


def score_extractor(name: str, pages: Sequence[Page]) -> ExtractionScore:
    """Run one extractor over the pages and score it.

    Speed is pages per CPU-second of this process, extraction only (no reading or
    scoring), so other load on a shared machine does not skew it; on an idle machine
    it equals wall-clock pages per second (the extractors run in one thread).
    """
    if name not in EXTRACTORS:
        msg = f"Extractor {name!r} is not known. Use one of: {', '.join(EXTRACTORS)}."
        raise ConfigError(msg)
    extract = EXTRACTORS[name]
    counts: list[Counts] = []
    seconds = 0.0
    for page in pages:
        start = time.process_time()
        text = extract(page.html, page.url)
        seconds += time.process_time() - start
        counts.append(page_counts(page.truth, text))
    scores = aggregate(counts)
    return ExtractionScore(name, len(pages), scores["precision"], scores["recall"], scores["f1"], seconds)


def evaluate_extraction(
    directory: Path, names: Sequence[str] | None = None, limit: int | None = None
) -> list[ExtractionScore]:
    pages = list(load_benchmark(directory, limit))
    return [score_extractor(name, pages) for name in (names or default_extractors())]
