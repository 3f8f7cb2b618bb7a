"""WordPress shortcodes -> plain HTML the fragment reader understands.

Shortcodes must never reach readers as text (DESIGN.md section 4: "shortcodes
left as text" is a top complaint about migration tools). What each becomes:

- ``[caption id=… align=… width=…]<img …> Caption text[/caption]`` (and the old
  ``caption="…"`` attribute form) -> ``<figure>`` with image and caption; the
  fragment reader splits a glued credit off the caption.
- ``[gallery ids="1,2"]`` -> one ``<figure>`` per attachment, from the
  attachments the source found in the export (a missing one is reported).
- ``[embed]URL[/embed]``, ``[video src=…]``, ``[audio mp3=…]``, ``[playlist ids=…]``
  -> a paragraph holding one link to the media (text = the URL): the model has no
  media-embed block, and a link is what every export format can carry.
- any other shortcode with attributes or a closing tag -> removed, its inner text
  kept, and reported; bracketed words without either (``[sic]``, ``[1]``) are text.

>>> convert('[embed]https://video.example.org/v/42[/embed]', {}).html.strip()
'<p><a href="https://video.example.org/v/42">https://video.example.org/v/42</a></p>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

# the shortcodes converted, not just removed
KNOWN = ("caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist")
# attributes of [video]/[audio] that hold the media URL, in WordPress' order
MEDIA_ATTRS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "oga", "wav", "m4a", "flac")

_KNOWN_RE = re.compile(
    r"\[(?P<name>" + "|".join(KNOWN) + r")(?![\w-])(?P<attrs>[^\]]*)\]"
    r"(?:(?P<content>(?:(?!\[(?:" + "|".join(KNOWN) + r")(?![\w-])).)*?)\[/(?P=name)\])?",
    re.S,
)
_ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"\]]+)""")
_PAIRED_RE = re.compile(r"\[(?P<name>[a-zA-Z_][\w-]*)(?P<attrs>[^\]]*)\](?P<content>.*?)\[/(?P=name)\]", re.S)
_ATTRIBUTED_RE = re.compile(r"\[/?(?P<name>[a-zA-Z_][\w-]*)\s+[^\]]*=[^\]]*\]")
_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Converted:
    html: str
    removed: list[str] = field(default_factory=list)  # names of unknown shortcodes taken out
    missing: list[str] = field(default_factory=list)  # attachment ids referenced but not exported


def parse_attrs(text: str) -> dict[str, str]:
    """``id="a" width=300`` -> {"id": "a", "width": "300"}."""
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(text):
        key = match.group(1) or match.group(3) or match.group(5)
        value = match.group(2) if match.group(1) else match.group(4) if match.group(3) else match.group(6)
        attrs[key.lower()] = value
    return attrs


def _figure(src: str, alt: str, caption_html: str) -> str:
    image = f'<img src="{escape(src)}" alt="{escape(alt)}">' if src else ""
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html.strip() else ""
    return f"<figure>{image}{caption}</figure>" if image or caption else ""


def _link_paragraph(url: str) -> str:
    url = url.strip()
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>' if url else ""


def _caption(attrs: dict[str, str], content: str) -> str:
    image = _IMG_RE.search(content)
    src = alt = ""
    if image:
        img_attrs = parse_attrs(image.group(0))
        src, alt = img_attrs.get("src", ""), img_attrs.get("alt", "")
        rest = content[image.end() :]
    else:
        rest = content
    rest = re.sub(r"^\s*</a>", "", rest)  # the image is often wrapped in a link
    caption = attrs.get("caption") or rest.strip()
    return _figure(src, alt, caption)


def convert(content: str, attachments: dict[str, dict[str, str]]) -> Converted:
    """Replace every shortcode in ``content``; ``attachments`` maps id -> url/caption/alt."""
    result = Converted("")

    def known(match: re.Match[str]) -> str:
        name = match.group("name")
        attrs = parse_attrs(match.group("attrs"))
        inner = match.group("content") or ""
        if name in {"caption", "wp_caption"}:
            return "\n\n" + _caption(attrs, inner) + "\n\n"
        if name in {"gallery", "playlist"}:
            figures = []
            for attachment_id in (i.strip() for i in attrs.get("ids", "").split(",")):
                if not attachment_id:
                    continue
                found = attachments.get(attachment_id)
                if found is None:
                    result.missing.append(attachment_id)
                    continue
                if name == "playlist":
                    figures.append(_link_paragraph(found.get("url", "")))
                else:
                    figures.append(
                        _figure(found.get("url", ""), found.get("alt", ""), escape(found.get("caption", "")))
                    )
            return "\n\n" + "\n\n".join(f for f in figures if f) + "\n\n"
        if name == "embed":
            return "\n\n" + _link_paragraph(_TAG_RE.sub("", inner) or attrs.get("src", "")) + "\n\n"
        url = next((attrs[a] for a in MEDIA_ATTRS if attrs.get(a)), "") or _TAG_RE.sub("", inner)
        return "\n\n" + _link_paragraph(url) + "\n\n"

    text = _KNOWN_RE.sub(known, content)

    def paired(match: re.Match[str]) -> str:
        result.removed.append(match.group("name"))
        return match.group("content")

    def attributed(match: re.Match[str]) -> str:
        result.removed.append(match.group("name"))
        return ""

    # inner shortcodes first: repeat until nothing changes (nesting is shallow in practice)
    for _ in range(5):
        changed = _PAIRED_RE.sub(paired, text)
        if changed == text:
            break
        text = changed
    text = _ATTRIBUTED_RE.sub(attributed, text)
    result.html = text
    return result
