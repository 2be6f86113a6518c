"""How values reach people: money, terminal-safe text, spreadsheet-safe cells, safe links.

Article text is untrusted: it may carry terminal escape sequences, bidirectional overrides,
spreadsheet formulas or `javascript:` URLs. Everything kg prints, exports or links goes
through one of these functions, so that reading the graph never runs what an article wrote.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# C0/C1 controls except newline and tab, and the invisible marks that reorder text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def money(value: float | None, currency: str | None = None) -> str:
    """200e6 -> "$200M"; 29e9 -> "$29B".

    >>> money(29e9), money(1.3e9, "EUR")
    ('$29B', 'EUR 1.3B')
    """
    if value is None:
        return ""
    sign = "$" if currency in (None, "USD") else f"{currency} "
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{sign}{value / size:g}{suffix}"
    return f"{sign}{value:g}"


def printable(text: str) -> str:
    """Text without control characters or direction overrides, for the terminal.

    >>> printable("Acme\\x1b[2J\\u202eCorp\\n")
    'Acme[2JCorp\\n'
    """
    return _UNSAFE.sub("", text)


def json_escaped(text: str) -> str:
    """JSON text with the controls json.dumps leaves raw (C1, direction marks) escaped: the
    same data, safe to print.

    >>> json_escaped('"a\\x9bb"')
    '"a\\\\u009bb"'
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix with a quote).

    >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell(-5.0)
    ("'=HYPERLINK(1)", -5.0)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def web_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: evidence links never run script.

    >>> web_url("https://example.com/a"), web_url("javascript:alert(1)")
    ('https://example.com/a', None)
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None
