"""Snippets with the matched words marked: escape first, then wrap the matches in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _pattern(terms):
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def highlight(text, terms, width=120):
    """A window of `text` around the first match, HTML-escaped, with every match in <mark>."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    start = 0
    if pattern:
        first = pattern.search(text)
        if first:
            start = max(0, first.start() - width // 4)
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if not pattern:
        return mark_safe(prefix + escape(window) + suffix)
    parts, last = [], 0
    for m in pattern.finditer(window):
        parts.append(escape(window[last : m.start()]))
        parts.append("<mark>" + escape(m.group(0)) + "</mark>")
        last = m.end()
    parts.append(escape(window[last:]))
    return mark_safe(prefix + "".join(parts) + suffix)
