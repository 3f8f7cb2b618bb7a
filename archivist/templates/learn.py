"""Learn a site template from a sample of its pages.

The idea, step by step (each step is one function below):

1. every element gets a *structural path*: the chain of ``tag#id.class`` steps from
   ``<body>`` (:func:`page_paths`);
2. pages are grouped by structure and the largest group is learned from
   (:func:`dominant_group`): pages of another layout will not fit and fall back;
3. a path whose text is the same on (nearly) every page is template (navigation, ads,
   footer); a path whose text varies is content (:class:`PathStats`);
4. fields are located by cross-checks: the title is the varying node whose text equals
   the page's own title (JSON-LD headline, ``og:title``, ``<title>``), the kicker the
   one equal to the kicker of ``<title>Kicker: Title | Site</title>`` or else the varying
   sibling before the title, the lead the one equal to ``og:description`` or named like
   a lead, the body the container holding most varying ``<p>`` text; byline, date and
   caption credits by class names and ``<time datetime>``;
5. each path becomes the shortest CSS selector that finds the same node on the sample
   pages (:func:`selector_for`), with a note saying how it was found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from archivist.recover.html_meta import PageMeta, read_meta
from archivist.templates import FieldRule, Template
from archivist.templates.nodes import CREDIT_WORDS, SKIP_TAGS, is_hidden, node_text

Path = tuple[str, ...]

_IDENT = re.compile(r"^-?[A-Za-z_][\w-]*$")
# class and id words of the fields (English, French, German CMS conventions)
LEAD_WORDS = ("lead", "intro", "chapo", "chapeau", "standfirst", "summary", "dek", "abstract", "teaser-text")
BYLINE_WORDS = ("byline", "author", "autor", "auteur", "signature", "by-line")
DATE_WORDS = ("date", "datum", "published", "time", "dateline")
# template nodes inside a body container, by class words
DROP_WORDS = ("ad-", "ads", "advert", "anzeige", "publicite", "banner", "related", "teaser", "promo",
              "newsletter", "share", "social", "comments", "outbrain", "taboola", "sponsor")  # fmt: skip

MIN_SHARE = 0.5  # a field must be found on at least half the sample pages
CONSTANT_SHARE = 0.9  # text identical on this share of pages = template


def _step(node: LexborNode) -> str:
    attrs = node.attributes
    step = node.tag or ""
    ident = attrs.get("id") or ""
    if ident and _IDENT.match(ident) and not any(c.isdigit() for c in ident):
        step += f"#{ident}"
    classes = sorted(
        c for c in (attrs.get("class") or "").split() if _IDENT.match(c) and not any(ch.isdigit() for ch in c)
    )
    return step + "".join(f".{c}" for c in classes)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .:;,!?«»\"'“”„")


@dataclass
class PageInfo:
    """One sample page: its tree, its own metadata, and first node per path."""

    tree: LexborHTMLParser
    meta: PageMeta
    nodes: dict[Path, LexborNode] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    p_chars: Counter[Path] = field(default_factory=Counter)  # text in direct <p> children
    counts: Counter[Path] = field(default_factory=Counter)  # elements on that path
    link_share: dict[Path, float] = field(default_factory=dict)


def page_paths(html: str) -> PageInfo:
    """Parse one page and index its visible elements by structural path."""
    tree = LexborHTMLParser(html)
    info = PageInfo(tree, read_meta(tree))
    body = tree.body
    if body is None:
        return info
    stack: list[tuple[LexborNode, Path]] = [(body, ())]
    while stack:
        node, path = stack.pop()
        for child in reversed(list(node.iter())):
            tag = child.tag or ""
            if tag.startswith("-") or tag in SKIP_TAGS or is_hidden(child):
                continue
            child_path = (*path, _step(child))
            info.counts[child_path] += 1
            if child_path not in info.nodes:
                info.nodes[child_path] = child
            if tag == "p":
                info.p_chars[path] += len(child.text(deep=True) or "")
            stack.append((child, child_path))
    return info


def _text(info: PageInfo, path: Path) -> str:
    if path not in info.texts:
        info.texts[path] = node_text(info.nodes[path])
    return info.texts[path]


def _links(info: PageInfo, path: Path) -> float:
    if path not in info.link_share:
        text = _text(info, path)
        linked = sum(len(node_text(a)) for a in info.nodes[path].css("a"))
        info.link_share[path] = linked / len(text) if text else 0.0
    return info.link_share[path]


def dominant_group(pages: Sequence[PageInfo]) -> list[PageInfo]:
    """The largest group of pages sharing one structure (Jaccard of path sets ≥ 0.5)."""
    sets = [frozenset(p for p in info.nodes if len(p) <= 6) for info in pages]

    def similar(a: frozenset[Path], b: frozenset[Path]) -> float:
        return len(a & b) / len(a | b) if a | b else 1.0

    best = max(range(len(pages)), key=lambda i: sum(similar(sets[i], s) for s in sets))
    return [info for info, s in zip(pages, sets, strict=True) if similar(sets[best], s) >= 0.5]


@dataclass(frozen=True)
class PathStats:
    path: Path
    present: int  # pages holding the path
    constant: bool  # the same text on (nearly) every page holding it
    mean_len: float


def path_stats(pages: Sequence[PageInfo]) -> dict[Path, PathStats]:
    present: Counter[Path] = Counter(p for info in pages for p in info.nodes)
    stats: dict[Path, PathStats] = {}
    for path, count in present.items():
        if count < len(pages) * 0.3:
            continue
        texts = Counter(_text(info, path) for info in pages if path in info.nodes)
        top = texts.most_common(1)[0][1]
        mean = sum(len(t) * n for t, n in texts.items()) / count
        stats[path] = PathStats(path, count, count > 1 and top >= count * CONSTANT_SHARE, mean)
    return stats


def _matching(
    pages: Sequence[PageInfo],
    stats: dict[Path, PathStats],
    expected: Callable[[PageInfo], str],
    *,
    ends: bool = False,
) -> tuple[Path, int, int] | None:
    """The varying path whose text equals ``expected(page)`` most often: (path, hits, pages asked).

    ``ends``: the text only has to end with it (a title written after its kicker's
    span inside one ``<h1>``).
    """
    asked = [info for info in pages if _norm(expected(info))]
    if not asked:
        return None
    best: tuple[Path, int, int] | None = None
    for path, stat in stats.items():
        if stat.constant:
            continue
        hits = sum(
            1
            for info in asked
            if path in info.nodes and _same(_norm(_text(info, path)), _norm(expected(info)), ends)
        )
        if hits and (best is None or (hits, len(path)) > (best[1], len(best[0]))):
            best = (path, hits, len(asked))
    if best is None or best[1] < len(asked) * MIN_SHARE:
        return None
    return best


def _same(text: str, expected: str, ends: bool) -> bool:
    if ends:
        return len(text) > len(expected) and text.endswith(expected) and len(text) < 3 * len(expected)
    return bool(text) and text == expected


def _by_words(
    stats: dict[Path, PathStats], words: Sequence[str], *, max_len: float, exclude: Sequence[Path] = ()
) -> Path | None:
    found = [
        s for s in stats.values()
        if not s.constant and 0 < s.mean_len <= max_len and s.path not in exclude
        and any(w in s.path[-1].lower() for w in words)
    ]  # fmt: skip
    if not found:
        return None
    return max(found, key=lambda s: (s.present, len(s.path))).path


def selector_for(path: Path, pages: Sequence[PageInfo]) -> tuple[str, float]:
    """The shortest descendant selector finding the path's node on the pages, and its share."""
    holders = [info for info in pages if path in info.nodes]
    best = ("body > " + " > ".join(path), 0.0)
    for k in range(1, len(path) + 1):
        steps = path[-k:]
        if k < len(path) and not any("." in step or "#" in step for step in steps):
            continue  # a bare "p" finds the first paragraph of any page: too loose to trust
        selector = " ".join(steps)
        hits = 0
        for info in holders:
            try:
                node = info.tree.css_first(selector)
            except (SelectolaxError, ValueError):
                node = None
            hits += node is not None and node.mem_id == info.nodes[path].mem_id
        share = hits / len(holders) if holders else 0.0
        if share >= 0.95:
            return selector, share
        if share > best[1]:
            best = (selector, share)
    return best


def _rule(
    path: Path, pages: Sequence[PageInfo], how: str, *, required: bool = False, attribute: str = ""
) -> FieldRule:
    selector, share = selector_for(path, pages)
    present = sum(1 for info in pages if path in info.nodes)
    note = f"{how}; on {present} of {len(pages)} pages, selector finds it on {share:.0%} of them"
    return FieldRule(selector, required, attribute, note)


def learn_template(htmls: Sequence[str], site: str = "") -> Template:
    """A template from sample pages of one site (at least 2 pages)."""
    infos = [page_paths(html) for html in htmls]
    pages = dominant_group(infos) if infos else []
    if len(pages) < 2:
        return Template(site=site, pages=len(infos), notes=("too few pages with a common structure",))
    stats = path_stats(pages)
    fields: dict[str, FieldRule] = {}
    notes = [f"learned from {len(pages)} of {len(infos)} sample pages sharing one structure"]

    title = _matching(pages, stats, lambda i: i.meta.title)
    ending = None if title else _matching(pages, stats, lambda i: i.meta.title, ends=True)
    if title or ending:
        found = title or ending
        assert found is not None
        how = "equals" if title else "ends with (after the kicker)"
        fields["title"] = _rule(
            found[0],
            pages,
            f"text {how} the page's own title on {found[1]} of {found[2]} pages",
            required=True,
        )
        title = found
    else:
        h1 = next(
            (p for p, s in stats.items() if p[-1].split(".")[0].split("#")[0] == "h1" and not s.constant),
            None,
        )
        if h1:
            fields["title"] = _rule(
                h1, pages, "the varying <h1> (no title metadata to cross-check)", required=True
            )

    title_path = title[0] if title else None
    kicker = _matching(pages, stats, lambda i: i.meta.kicker)
    if kicker and kicker[0] != title_path:
        fields["kicker"] = _rule(
            kicker[0], pages, f"text equals the kicker of <title> on {kicker[1]} of {kicker[2]} pages"
        )
    elif title_path:
        siblings = [
            p
            for p, s in stats.items()
            if p[:-1] == title_path[:-1] and p != title_path and not s.constant and s.mean_len < 120
        ]
        if siblings:
            fields["kicker"] = _rule(siblings[0], pages, "the varying short node beside the title")

    lead = _matching(pages, stats, lambda i: i.meta.description)
    lead_path = lead[0] if lead and lead[0] != title_path else _by_words(stats, LEAD_WORDS, max_len=800)
    if lead_path:
        how = (
            f"text equals og:description on {lead[1]} of {lead[2]} pages"
            if lead and lead[0] == lead_path
            else "named like a lead"
        )
        fields["lead"] = _rule(lead_path, pages, how)

    totals: Counter[Path] = Counter()
    for info in pages:
        totals.update(info.p_chars)
    body = max(
        (p for p in totals if p in stats and not stats[p].constant and p),
        key=lambda p: totals[p],
        default=None,
    )
    how = "the container holding most varying <p> text"
    while body and len(body) > 1 and _repeated(body, pages):
        body = body[:-1]  # one wrapper per paragraph (div.absatz > p): the body is their parent
        how = "the parent of the repeated wrappers holding most varying <p> text"
    if body:
        fields["body"] = _rule(body, pages, how, required=True)

    byline = _matching(pages, stats, lambda i: i.meta.author)
    byline_path = (
        byline[0] if byline else _by_words(stats, BYLINE_WORDS, max_len=120, exclude=[body] if body else [])
    )
    if byline_path:
        fields["byline"] = _rule(
            byline_path, pages, "matches the author metadata" if byline else "named like a byline"
        )

    times = [p for p, s in stats.items() if p[-1].startswith("time") and s.present >= len(pages) * MIN_SHARE]
    if times:
        fields["date"] = _rule(
            min(times, key=len), pages, "the <time> element's datetime", attribute="datetime"
        )
    else:
        date_path = _by_words(stats, DATE_WORDS, max_len=60)
        if date_path:
            fields["date"] = _rule(date_path, pages, "named like a date")

    credit = next(
        (
            p
            for p in stats
            if len(p) > 1 and p[-2].startswith("figcaption") and any(w in p[-1] for w in CREDIT_WORDS)
        ),
        None,
    )
    if credit:
        fields["caption_credit"] = FieldRule(
            f"figcaption {credit[-1]}", note="the credit inside captions, by class name"
        )

    drop = _body_drop(body, stats, pages) if body else ()
    return Template(fields=fields, drop=drop, pages=len(pages), site=site, notes=tuple(notes))


def _repeated(path: Path, pages: Sequence[PageInfo]) -> bool:
    """Does the path stand for several sibling elements on a typical page?"""
    holders = [info.counts[path] for info in pages if path in info.nodes]
    return bool(holders) and sum(holders) / len(holders) >= 2


def _body_drop(body: Path, stats: dict[Path, PathStats], pages: Sequence[PageInfo]) -> tuple[str, ...]:
    """Template nodes inside the body: constant text, link lists, ad/related classes."""
    chosen: list[Path] = []
    for path in sorted(p for p in stats if len(p) > len(body) and p[: len(body)] == body):
        if any(path[: len(c)] == c for c in chosen):
            continue
        step = path[-1].lower()
        tag = step.split(".")[0].split("#")[0]
        if tag in {"p", "a", "em", "strong", "b", "i", "span", "br", "li", "figcaption", "img"}:
            continue
        holders = [info for info in pages if path in info.nodes]
        linky = sum(1 for info in holders if _links(info, path) >= 0.6) >= len(holders) * 0.6
        named = any(w in step for w in DROP_WORDS)
        if (
            stats[path].constant
            or named
            or (linky and tag not in {"figure", "blockquote", "ul", "ol", "table"})
        ):
            chosen.append(path)
    selectors: list[str] = []
    for path in chosen:
        selector, _ = selector_for(path, pages)
        if selector not in selectors:
            selectors.append(selector)
    return tuple(selectors)
