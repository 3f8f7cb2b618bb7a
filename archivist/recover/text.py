"""Recover the news structure of a flattened text export (parser ``"text"``).

The export has the title line first (often the kicker glued to it:
``Syrie - AlepLe régime…``), then the lead, then one block per line, and the
automatic-import notice at the end; in the worst case the whole body is one line.
The steps, in order:

1. decode the bytes (:mod:`archivist.recover.decode`);
2. repair the raw text: encoding, invisible characters, hard wraps (:func:`repair_source`);
3. cut out the import notice;
4. split the kicker from the title, and the title from a body glued to it;
5. cut glued lines into paragraphs and subheads (:mod:`archivist.recover.segment`);
6. give each line its role (:mod:`archivist.recover.structure`);
7. detect the language.

Everything is pure: ``recover_text(str) -> Processed``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, Role
from archivist.recover import register_parser
from archivist.recover.boilerplate import boilerplate_tail, is_boilerplate, strip_trailing_count
from archivist.recover.decode import decode_text, parse_date
from archivist.recover.glue import (
    LowerCase,
    find_runin,
    sentence_glues,
    split_at,
    split_kicker,
    vocabulary,
    word_glues,
)
from archivist.recover.lang import detect_language
from archivist.recover.lines import (
    bullet_text,
    is_byline,
    is_factbox_heading,
    is_loose_byline,
    is_signature,
    looks_like_subhead,
    split_credit,
    split_quote,
)
from archivist.recover.notice import NOTICE_START, strip_notice
from archivist.recover.segment import kept_line_breaks, split_blocks
from archivist.recover.structure import Line, build_body
from archivist.recover.wordlists import STOPWORDS
from archivist.repairs import repair_source

MAX_TITLE_CHARS = 250  # a longer first line holds the body too (everything on one line)
_END_PUNCT = re.compile(r"[.!?…:;]$")
# cheap tests before segmenting a line: something glued right before a capital or a
# time stamp (a search that skips ahead to capitals and digits, then looks back), or a
# numbered / colon heading that may run into its paragraph
_MAYBE_SPLIT = re.compile(r"[A-ZÀ-Þ«„“\"•\d](?:(?<=[.!?…»”)].)|(?<=[a-zß-ÿ0-9][A-ZÀ-Þ«„“\"•]))")
_MAYBE_RUNIN = re.compile(r"[^:]{2,60}:\s|(?:\S+\s){0,2}\d{1,3}\s*[:.)–-]\s")
_TITLE_END = re.compile(r"[.…:;]$")  # a title may end with ? or !, a title never ends with a period
# cheap test before the real one (substring tests, faster than one search for either)
_NOTICE_HINTS = ("rticle", "rtikel", "eitrag", "ontenu", "ontent", "story", "Text")
_NOTICE_WORDS = re.compile(r"erreur|Fehler|error|remerci|Dank|thank|feedback@", re.IGNORECASE)


def _has_notice_hint(text: str) -> bool:
    for hint in _NOTICE_HINTS:  # noqa: SIM110  (a loop: any() over a generator costs more, per line)
        if hint in text:
            return True
    return False


def _cut_notice(lines: list[Line], steps: list[RepairStep]) -> tuple[list[Line], bool]:
    for index, line in enumerate(lines):
        text = line.text
        if not _has_notice_hint(text) or not NOTICE_START.search(text):
            continue
        kept, _notice = strip_notice(line.text)
        reason = "the new site's automatic-import notice is shown by the site, not kept in the text"
        steps.append(RepairStep("remove_import_notice", line.where, line.text, kept, reason))
        rest = lines[index + 1 :]
        if all(_NOTICE_WORDS.search(r.text) for r in rest):  # the notice wrapped over lines
            for r in rest:
                steps.append(RepairStep("remove_import_notice", r.where, r.text, "", reason))
            rest = []
        head = [*lines[:index], Line(kept, line.where)] if kept else lines[:index]
        return head + rest, True
    return lines, False


def _split_title_line(
    line: Line, vocab: Counter[str], steps: list[RepairStep]
) -> tuple[str, str, list[Line]]:
    """``(kicker, title, lines that were glued after the title)``."""
    text, extra = line.text, []
    if len(text) > MAX_TITLE_CHARS and (cuts := sentence_glues(text)):
        pieces = split_at(text, cuts)
        text = pieces[0]
        extra = [Line(p, line.where) for p in pieces[1:]]
        glues = list(word_glues(text, vocab))
        kicker, title, lead = "", text, ""
        if len(glues) >= 2:
            kicker, title, lead = text[: glues[0]], text[glues[0] : glues[1]], text[glues[1] :]
        elif glues and _END_PUNCT.search(text) and len(text) - glues[0] > 2 * glues[0]:
            title, lead = text[: glues[0]], text[glues[0] :]
        elif glues:
            kicker, title = text[: glues[0]], text[glues[0] :]
        if lead:
            extra.insert(0, Line(lead.strip(), line.where))
        after = "\n".join(p for p in (kicker, title, lead, *(e.text for e in extra[1 if lead else 0 :])) if p)
        steps.append(
            RepairStep(
                "split_glued_paragraphs",
                line.where,
                line.text,
                after,
                "the whole article was on one line: title, lead and paragraphs were glued",
            )
        )
        return kicker.strip(), title.strip(), extra
    split = split_kicker(text, vocab)
    if split is not None:
        steps.append(
            RepairStep(
                "split_kicker_title",
                "title",
                text,
                "\n".join(split),
                "the kicker was glued to the title when the hidden separator was dropped",
            )
        )
        return split[0], split[1], extra
    return "", text, extra


def _kicker_line(lines: list[Line]) -> bool:
    """Clean exports may give the kicker its own short line before the title."""
    texts = [line.text for line in lines[:2]]
    texts += [line.text for line in lines[2:5] if not (is_byline(line.text) or is_loose_byline(line.text))][
        :1
    ]
    if len(texts) < 3:
        return False
    first, second, third = texts
    third = strip_trailing_count(third, lead=True)[0]  # "…médias.7": a comment count glued to the lead
    return (
        len(first) <= 40
        and len(first.split()) <= 5
        and not _END_PUNCT.search(first)
        and not _TITLE_END.search(strip_trailing_count(second, lead=True)[0])
        and bool(_END_PUNCT.search(third))
        and not any(f(second) for f in (is_byline, is_signature, is_factbox_heading))
        and bullet_text(second) is None
    )


def _expand(lines: list[Line], vocab: Counter[str], steps: list[RepairStep]) -> list[Line]:
    """Body lines with glued paragraphs and subheads cut apart."""
    out: list[Line] = []
    paragraphs = not kept_line_breaks(line.text for line in lines)  # else a glue is a lost space
    for line in lines:
        text = line.text
        if (
            len(text) < 30
            or not (_MAYBE_SPLIT.search(text) or _MAYBE_RUNIN.match(text))  # the cheap test first
            or split_credit(text) is not None
            or bullet_text(text) is not None
            or is_signature(text)
            or is_byline(text)
        ):
            out.append(line)
            continue
        found = split_blocks(text, vocab, paragraphs=paragraphs)
        if found is None or boilerplate_tail(text) is not None:  # a heading with a promo run into it
            out.append(line)
            continue
        pieces, rule = found
        reason = (
            "paragraph breaks were lost when tags were stripped (text glued after . ! ?)"
            if rule == "split_glued_paragraphs"
            else "a subhead was run into its paragraph when its line break was lost"
        )
        steps.append(RepairStep(rule, line.where, text, "\n".join(p.text for p in pieces), reason))
        out.extend(Line(p.text, line.where, p.role if p.role is Role.SUBHEAD else None) for p in pieces)
    return out


MIN_RUNIN_LINES = 2  # one candidate alone is too weak a sign that subheads were run in


def _has_bare_subhead(lines: list[Line]) -> bool:
    # a line already cut out as a subhead, a slideshow counter ("7 / 8") or a byline is
    # no subhead left on its own line
    for i, line in enumerate(lines[1:-1], start=1):
        nxt = lines[i + 1].text
        if (
            line.role is None
            and looks_like_subhead(line.text)  # (the cheap tests first: most lines are paragraphs)
            and len(nxt) > 2 * len(line.text)
            and not is_boilerplate(line.text)
            and not is_byline(line.text)
            and not is_loose_byline(line.text)
            and split_quote(line.text) is None
            and bullet_text(nxt) is None
            and split_credit(line.text) is None
        ):
            return True
    return False


def _may_run_in(line: Line) -> bool:
    """Could this body line be a subhead run into its paragraph?"""
    return line.role is None and len(line.text) > 80 and bullet_text(line.text) is None


def _split_runins(
    lines: list[Line], vocab: Counter[str], language: str, steps: list[RepairStep]
) -> list[Line]:
    """Subheads run into their paragraphs, when the article shows that damage: no bare
    subhead line anywhere, and at least two lines opening on a run-in heading."""
    if len(lines) < 4 or _has_bare_subhead(lines):
        return lines
    lowered = LowerCase(vocab)
    stops = STOPWORDS.get(language, frozenset())
    found = {}
    for index, line in enumerate(lines[1:], start=1):  # the first line is the lead
        if _may_run_in(line):
            at = find_runin(line.text, vocab, lowered, stops, weak=language in ("fr", "en"))
            if at is not None and boilerplate_tail(line.text) is None:  # no heading with a promo
                found[index] = at
    if not found:
        return lines
    # the other subheads of the article were run in too: the other lines are searched
    # again on weaker signs (a question, a quote, a name)
    # (never the first paragraph: a news body opens on a paragraph, not on a subhead)
    more = {}
    first = next((i for i, line in enumerate(lines[1:], start=1) if len(line.text) > 80), 0)
    for index, line in enumerate(lines[first + 1 :], start=first + 1):
        if index not in found and _may_run_in(line):
            at = find_runin(line.text, vocab, lowered, stops, weak=language in ("fr", "en"), loose=True)
            if at is not None and boilerplate_tail(line.text) is None:
                more[index] = at
    # a heading with a promo run into it is a sign too (the body builder cuts it apart)
    signs = len(found) + len(more)
    if signs < MIN_RUNIN_LINES:
        signs += sum(1 for line in lines if line.role is None and boilerplate_tail(line.text) is not None)
    if signs < MIN_RUNIN_LINES and language != "de":
        # one line alone only on the strongest sign: a capitalised article or pronoun mid-line
        # (German: a capitalised word the text also writes in lower case is no noun, so
        # it opens a sentence: "Wer besonders betroffen ist Besonders schwer haben es …")
        found = {
            i: at
            for i, at in found.items()
            if find_runin(lines[i].text, vocab, lowered, stops, strong_only=True)
        }
    found.update(more if found else {})
    out: list[Line] = []
    reason = "a subhead was run into its paragraph when its line break was lost"
    for index, line in enumerate(lines):
        at = found.get(index)
        if at is None:
            out.append(line)
            continue
        head, rest = line.text[:at].strip(), line.text[at:].strip()
        steps.append(RepairStep("split_runin_subhead", line.where, line.text, f"{head}\n{rest}", reason))
        out += [Line(head, line.where, Role.SUBHEAD), Line(rest, line.where)]
    return out


def recover_text(
    text: str,
    *,
    legacy_id: str,
    url: str = "",
    section: str = "",
    published: datetime | None = None,
    source_format: str = "text",
    findings: tuple[Finding, ...] = (),
) -> Processed:
    """The article in a flattened ``text``, with the steps taken to recover it.

    >>> p = recover_text("Syrie - AlepLe régime avance\\nLes troupes contrôlent la ville.\\n"
    ...                  "Le régime a pris mardi de nouveaux quartiers.", legacy_id="1")
    >>> p.article.kicker, p.article.title, p.article.lead, p.article.language
    ('Syrie - Alep', 'Le régime avance', 'Les troupes contrôlent la ville.', 'fr')
    """
    text, steps = repair_source(text)
    lines = [
        Line(s.strip(), f"source:line {n}") for n, s in enumerate(text.split("\n"), start=1) if s.strip()
    ]
    lines, imported = _cut_notice(lines, steps)
    if not lines:
        lines = [Line("", "source:line 1")]
    vocab = vocabulary(text)
    if _kicker_line(lines):
        kicker, title, extra = lines[0].text, lines[1].text, list[Line]()
        rest = lines[2:]
    else:
        kicker, title, extra = _split_title_line(lines[0], vocab, steps)
        rest = lines[1:]
    language = detect_language(text)
    body_lines = _split_runins(_expand(extra + rest, vocab, steps), vocab, language, steps)
    body = build_body(body_lines)
    steps.extend(body.steps)
    article = Article(
        legacy_id=legacy_id,
        title=title,
        language=language,
        kicker=kicker,
        lead=body.lead,
        byline=body.byline,
        dateline=body.dateline,
        published=published,
        section=section,
        url=url,
        blocks=tuple(body.blocks),
        imported=imported,
        source_format=source_format,
    )
    return Processed(article, tuple(steps), (*findings, *body.findings))


def parse_text(record: LegacyRecord) -> Processed:
    """Parser ``"text"``: a :class:`LegacyRecord` of flattened text to a :class:`Processed`."""
    text, findings = decode_text(record.raw, record.where)
    return recover_text(
        text,
        legacy_id=record.legacy_id,
        url=record.url or record.hint("url"),
        section=record.hint("section"),
        published=parse_date(record.hint("date")),
        source_format=record.format,
        findings=tuple(findings),
    )


register_parser("text", parse_text)
