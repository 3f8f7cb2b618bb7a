"""Repairs that take things out of the body: the import notice, boilerplate, a lead
repeated as first paragraph, and photo credits glued to captions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archivist.model import Article, Block, RepairStep, Role
from archivist.recover.boilerplate import is_boilerplate, strip_trailing_count
from archivist.recover.lines import GLUED_SIGNATURE, split_credit
from archivist.recover.notice import strip_notice
from archivist.repairs.registry import Repair, register

_TEXT_ROLES = (Role.PARAGRAPH, Role.SUBHEAD, Role.QUOTE)


def fix_import_notice(article: Article) -> tuple[Article, list[RepairStep]]:
    """Cut the automatic-import notice out of the body (DESIGN.md section 1)."""
    steps: list[RepairStep] = []
    blocks: list[Block] = []
    reason = "the new site's automatic-import notice is shown by the site, not kept in the text"
    for index, block in enumerate(article.blocks):
        if block.role not in _TEXT_ROLES or (
            "import" not in block.text.casefold() and "übertragen" not in block.text
        ):
            blocks.append(block)
            continue
        kept, notice = strip_notice(block.text)
        if not notice:
            blocks.append(block)
            continue
        steps.append(RepairStep("remove_import_notice", f"block:{index}", block.text, kept, reason))
        if kept:
            blocks.append(
                replace(block, text=kept, marks=tuple(m for m in block.marks if m.end <= len(kept)))
            )
    if not steps:
        return article, []
    return replace(article, blocks=tuple(blocks), imported=True), steps


def fix_boilerplate(article: Article) -> tuple[Article, list[RepairStep]]:
    """Drop promo/prompt/paywall/counter blocks; cut a comment count glued to the lead."""
    steps: list[RepairStep] = []
    lead, count = strip_trailing_count(article.lead, lead=True)
    if count:
        steps.append(
            RepairStep(
                "remove_boilerplate", "lead", article.lead, lead, "a comment counter was glued to the lead"
            )
        )
    blocks: list[Block] = []
    for index, block in enumerate(article.blocks):
        if block.role in _TEXT_ROLES and is_boilerplate(block.text):
            steps.append(
                RepairStep(
                    "remove_boilerplate",
                    f"block:{index}",
                    block.text,
                    "",
                    "site boilerplate, not article text",
                )
            )
            continue
        blocks.append(block)
    if not steps:
        return article, []
    return replace(article, lead=lead, blocks=tuple(blocks)), steps


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def fix_repeated_lead(article: Article) -> tuple[Article, list[RepairStep]]:
    """Drop a first paragraph that only repeats the lead (templates printed it twice)."""
    if not article.lead:
        return article, []
    # the lead may still carry a comment count glued to its end ("…evacuated.202")
    leads = {_norm(article.lead), _norm(strip_trailing_count(article.lead, lead=True)[0])}
    for index, block in enumerate(article.blocks):
        if block.role is Role.CAPTION:
            continue  # a photo may come before the first paragraph
        if block.role is not Role.PARAGRAPH or _norm(block.text) not in leads:
            return article, []
        step = RepairStep(
            "drop_lead_repeated_in_body",
            f"block:{index}",
            block.text,
            "",
            "the first paragraph repeated the lead word for word",
        )
        return article.with_blocks(article.blocks[:index] + article.blocks[index + 1 :]), [step]
    return article, []


def fix_caption_credit(article: Article) -> tuple[Article, list[RepairStep]]:
    """Move a photo credit glued to the end of a caption into the caption's credit."""
    steps: list[RepairStep] = []
    blocks = list(article.blocks)
    for index, block in enumerate(blocks):
        if block.role is not Role.CAPTION or block.credit:
            continue
        split = split_credit(block.text)
        if split is None or not split[0]:
            continue
        text, credit = split
        blocks[index] = replace(
            block, text=text, credit=credit, marks=tuple(m for m in block.marks if m.end <= len(text))
        )
        steps.append(
            RepairStep(
                "split_caption_credit",
                f"block:{index}",
                block.text,
                f"{text}\n{credit}",
                "the photo credit was glued to the end of the caption",
            )
        )
    if not steps:
        return article, []
    return article.with_blocks(blocks), steps


def fix_signature(article: Article) -> tuple[Article, list[RepairStep]]:
    """Move an agency signature glued to the end of the last paragraph to the byline."""
    paragraphs = [i for i, b in enumerate(article.blocks) if b.role is Role.PARAGRAPH]
    if not paragraphs:
        return article, []
    index = paragraphs[-1]
    block = article.blocks[index]
    glued = GLUED_SIGNATURE.search(block.text)
    if glued is None:
        return article, []
    text = block.text[: glued.start()].rstrip()
    signature = glued.group(1)
    blocks = list(article.blocks)
    blocks[index] = replace(block, text=text, marks=tuple(m for m in block.marks if m.end <= len(text)))
    byline = f"{article.byline}; {signature}" if article.byline else signature
    step = RepairStep(
        "split_signature",
        f"block:{index}",
        block.text,
        f"{text}\n{signature}",
        "the agency signature was glued to the last paragraph",
    )
    return replace(article, blocks=tuple(blocks), byline=byline), [step]


remove_import_notice = register(
    Repair(
        "remove_import_notice",
        "Remove the automatic-import notice from the body and mark the article imported.",
        fix_article=fix_import_notice,
    )
)
remove_boilerplate = register(
    Repair(
        "remove_boilerplate",
        "Drop newsletter/app promos, error prompts, paywall text, browser warnings, counters.",
        fix_article=fix_boilerplate,
    )
)
drop_lead_repeated_in_body = register(
    Repair(
        "drop_lead_repeated_in_body",
        "Drop a first paragraph that repeats the lead word for word.",
        fix_article=fix_repeated_lead,
    )
)
split_signature = register(
    Repair(
        "split_signature",
        "Move an agency signature glued to the last paragraph ((ATS/AFP)) to the byline.",
        fix_article=fix_signature,
    )
)
split_caption_credit = register(
    Repair(
        "split_caption_credit",
        "Move a photo credit glued to a caption (…derby.KEYSTONE, Bild: Keystone) to its credit.",
        fix_article=fix_caption_credit,
    )
)
