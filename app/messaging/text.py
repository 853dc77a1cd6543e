"""Plain-text message bodies rendered safely: everything is escaped, http(s) links become
anchors that open without passing the portal's context (no HTML is ever kept)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Stop at whitespace, quotes and angle brackets; trailing punctuation is not part of a link.
URL = re.compile(r"https?://[^\s<>\"']+", re.I)
TRAILING = ".,;:!?)]}"


def linkify(body: str) -> Markup:
    """Escape a plain-text body, turn http(s) URLs into safe links and line breaks into <br>."""
    out: list[str] = []
    pos = 0
    for m in URL.finditer(body or ""):
        url = m.group(0)
        tail = ""
        while url and url[-1] in TRAILING:
            url, tail = url[:-1], url[-1] + tail
        out.append(str(escape(body[pos : m.start()])))
        href = escape(url)
        out.append(
            f'<a href="{href}" rel="nofollow noopener noreferrer ugc" target="_blank">{href}</a>'
        )
        out.append(str(escape(tail)))
        pos = m.end()
    out.append(str(escape((body or "")[pos:])))
    return Markup("".join(out).replace("\r\n", "\n").replace("\n", "<br>\n"))
