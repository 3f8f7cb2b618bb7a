"""Give each line of a flattened body its role: lead, paragraph, subhead, caption,
fact box, list, byline, signature, dateline (or boilerplate to drop).

Input is the body as :class:`Line` s (already cut apart where text was glued); output
is the lead, the blocks and the byline/dateline, plus the steps for what was repaired
on the way (credits glued to captions, signatures glued to paragraphs, boilerplate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archivist.model import Block, Finding, RepairStep, Role, Severity
from archivist.recover.boilerplate import boilerplate_tail, is_boilerplate, strip_trailing_count
from archivist.recover.glue import NOT_LAST
from archivist.recover.lines import (
    BARE_SIGNATURE,
    GLUED_LAST_SIGNATURE,
    GLUED_SIGNATURE,
    MAX_CAPTION_CHARS,
    MAX_ITEM_CHARS,
    TRAILING_SIGNATURE,
    bullet_text,
    is_byline,
    is_factbox_heading,
    is_loose_byline,
    is_signature,
    looks_like_subhead,
    split_credit,
    split_dateline,
    split_quote,
)

# A lead (chapô) sums the story up in one to three short sentences: in the gold corpus
# 86-170 characters; a first line much longer, or of three sentences or more and long,
# is the first paragraph of an article without lead.
MAX_LEAD_CHARS = 250
MAX_LONG_LEAD_CHARS = 180
_SENTENCE = re.compile(r"[.!?…][»”\"’)]?(?:\s|$)")
MAX_FACT_LINES = 12
_TICKER_TIME = re.compile(r"^\d{1,2}[h:.]\d{2}\s+[-–]\s")  # "18h20 - …": a live-ticker entry


@dataclass(frozen=True, slots=True)
class Line:
    """One body line: its text, where it came from, and a role already decided (if any)."""

    text: str
    where: str
    role: Role | None = None


@dataclass
class Body:
    lead: str = ""
    byline: str = ""
    dateline: str = ""
    blocks: list[Block] = field(default_factory=list)
    steps: list[RepairStep] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _factbox(lines: list[Line], start: int) -> tuple[Block, int] | None:
    """The fact box whose heading is ``lines[start]``, and the index after it."""
    items: list[str] = []
    i = start + 1
    bulleted = i < len(lines) and bullet_text(lines[i].text) is not None
    while i < len(lines) and (bulleted or len(items) < MAX_FACT_LINES):
        text = lines[i].text
        item = bullet_text(text)
        if bulleted and item is None:
            break
        if not bulleted and (
            len(text) > MAX_ITEM_CHARS or is_factbox_heading(text) or lines[i].role is Role.SUBHEAD
        ):
            break
        items.append(item if item is not None else text)
        i += 1
        if not bulleted and text.endswith((".", "!", "?")) and len(items) >= 1 and _is_last_item(lines, i):
            break
    if not items:
        return None
    return Block(Role.FACTBOX, lines[start].text.rstrip(":").strip(), items=tuple(items)), i


def _is_last_item(lines: list[Line], i: int) -> bool:
    """Without bullets, a fact box ends before a long line or a subhead."""
    return i >= len(lines) or len(lines[i].text) > MAX_ITEM_CHARS or looks_like_subhead(lines[i].text)


def _is_subhead(lines: list[Line], i: int) -> bool:
    line = lines[i]
    if line.role is not None:
        return line.role is Role.SUBHEAD
    if i + 1 >= len(lines) or not looks_like_subhead(line.text):
        return False
    nxt = lines[i + 1].text
    return len(nxt) > len(line.text) and not looks_like_subhead(nxt) and not is_signature(nxt)


def _is_heading(text: str) -> bool:
    """A heading before a promo run into it: short, capitalised, not ending on an article
    (a comma is fine: "Neglect, not technology"; a paragraph would end on a period)."""
    words = text.split()
    return bool(words) and looks_like_subhead(text) and words[-1].casefold() not in NOT_LAST


def _is_lead(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    if len(text) > MAX_LEAD_CHARS or _is_subhead(lines, i) or _TICKER_TIME.match(text):
        return False
    return len(text) <= MAX_LONG_LEAD_CHARS or len(_SENTENCE.findall(text)) < 3


def _heads_bullets(lines: list[Line], i: int) -> bool:
    """A short heading line followed by bullet lines: a fact box."""
    return (
        i + 1 < len(lines)
        and bullet_text(lines[i + 1].text) is not None
        and bullet_text(lines[i].text) is None
        and (looks_like_subhead(lines[i].text) or is_factbox_heading(lines[i].text))
    )


def build_body(lines: list[Line]) -> Body:
    """Roles for the body lines (the title is already taken off)."""
    body = Body()
    last = max((n for n, line in enumerate(lines) if not is_boilerplate(line.text)), default=-1)
    if last >= 0 and (glued := TRAILING_SIGNATURE.search(lines[last].text)) is not None:
        line, text = lines[last], lines[last].text
        reason = "the agency signature was glued to the end of the text"
        body.steps.append(
            RepairStep(
                "split_signature", line.where, text, f"{text[: glued.start()]}\n{glued.group()}", reason
            )
        )
        lines = [
            *lines[:last],
            Line(text[: glued.start()], line.where, line.role),
            Line(glued.group(), line.where),
            *lines[last + 1 :],
        ]
        last += 1
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if i == last and body.blocks and GLUED_LAST_SIGNATURE.search(text) and len(text) > MAX_CAPTION_CHARS:
            _add_paragraph(body, line, GLUED_LAST_SIGNATURE)
        elif is_boilerplate(text):
            reason = "site boilerplate, not article text"
            body.steps.append(RepairStep("remove_boilerplate", line.where, text, "", reason))
        elif (tail := boilerplate_tail(text)) is not None and _is_heading(text[:tail].strip()):
            reason = "site boilerplate run into a subhead"
            body.steps.append(RepairStep("remove_boilerplate", line.where, text, text[:tail].strip(), reason))
            body.blocks.append(Block(Role.SUBHEAD, text[:tail].strip()))
        elif (
            is_signature(text)
            or (i == last and body.blocks and BARE_SIGNATURE.match(text))
            or (is_byline(text) and (_before_body(body) or i >= len(lines) - 2))
            or (is_loose_byline(text) and _before_body(body))
        ):
            body.byline = _join(body.byline, text)
        elif (is_factbox_heading(text) or _heads_bullets(lines, i)) and (
            box := _factbox(lines, i)
        ) is not None:
            body.blocks.append(box[0])
            i = box[1]
            continue
        elif (
            bullet_text(text) is not None
            and i + 1 < len(lines)
            and bullet_text(lines[i + 1].text) is not None
        ):
            items = []
            while i < len(lines) and (item := bullet_text(lines[i].text)) is not None:
                items.append(item)
                i += 1
            body.blocks.append(Block(Role.LIST, "", items=tuple(items)))
            continue
        elif (quote := split_quote(text)) is not None:
            body.blocks.append(Block(Role.QUOTE, quote[0], credit=quote[1]))
        elif (credit := split_credit(text)) is not None:
            _add_caption(body, line, *credit)
        elif not body.lead and not body.blocks and _is_lead(lines, i):
            body.lead = _dateline(body, text)
        elif _is_subhead(lines, i):
            body.blocks.append(Block(Role.SUBHEAD, text))
        else:
            _add_paragraph(body, line)
        i += 1
    if not body.lead:
        body.findings.append(Finding("missing-lead", Severity.WARNING, "lead", "no lead line was found"))
    return body


def _before_body(body: Body) -> bool:
    """No block yet but, maybe, the lead printed a second time (a byline may follow it)."""
    if not body.blocks:
        return True
    lead = strip_trailing_count(body.lead, lead=True)[0].strip()
    return all(b.role is Role.PARAGRAPH and lead and b.text == lead for b in body.blocks)


def _dateline(body: Body, text: str) -> str:
    if body.dateline or body.blocks:
        return text
    split = split_dateline(text)
    if split is None:
        return text
    body.dateline = split[0]
    return split[1]


def _add_paragraph(body: Body, line: Line, signature: re.Pattern[str] = GLUED_SIGNATURE) -> None:
    text = line.text
    glued = signature.search(text)
    if glued:
        body.byline = _join(body.byline, glued.group(1))
        text = text[: glued.start()].rstrip()
        body.steps.append(
            RepairStep(
                "split_signature",
                line.where,
                line.text,
                f"{text}\n{glued.group(1)}",
                "the agency signature was glued to the last paragraph",
            )
        )
    if not any(b.role is Role.PARAGRAPH for b in body.blocks):
        text = _dateline(body, text)
    body.blocks.append(Block(Role.PARAGRAPH, text))


def _add_caption(body: Body, line: Line, text: str, credit: str) -> None:
    if not text:  # a credit on its own line belongs to the short line before it
        if (
            body.blocks
            and body.blocks[-1].role in (Role.PARAGRAPH, Role.CAPTION)
            and not body.blocks[-1].credit
        ):
            prev = body.blocks.pop()
            body.blocks.append(Block(Role.CAPTION, prev.text, credit=credit))
        else:
            body.blocks.append(Block(Role.CAPTION, "", credit=credit))
        return
    body.blocks.append(Block(Role.CAPTION, text, credit=credit))
    if line.text[len(text) : len(text) + 1].isspace():
        return  # "caption. Credit": the clean export shape, nothing was glued
    body.steps.append(
        RepairStep(
            "split_caption_credit",
            line.where,
            line.text,
            f"{text}\n{credit}",
            "the photo credit was glued to the end of the caption",
        )
    )
