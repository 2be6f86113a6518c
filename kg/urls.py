"""Article URLs: one key per article, whatever tracking, AMP or mobile variant a link names.

``url_key`` is what the archive matches on: courlan's normalisation (lower-case host, no
default port or fragment, sorted query, tracking parameters such as ``utm_*``, ``fbclid``,
``gclid`` dropped) without the scheme and ``www.``, then the AMP and mobile variants of a page
folded into the page itself (``amp.`` and ``m.`` hosts, ``/amp`` path segments, ``amp=1``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import courlan

_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.", "mobil.")
_AMP_QUERY = {("amp", "1"), ("amp", "true"), ("amp", ""), ("outputtype", "amp"),
              ("output", "amp")}


def is_web_url(text: str) -> bool:
    """An http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def url_key(url: str) -> str:
    """The archive key of an article URL: ``host/path?query`` with the variants folded."""
    try:
        normal = courlan.normalize_url(url.strip())
    except ValueError:  # courlan refuses some malformed URLs; keep them as they are
        normal = url.strip()
    parts = urlsplit(normal)
    host = (parts.hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
            break
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    segments = [s for s in parts.path.split("/") if s and s.lower() != "amp"]
    path = "/" + "/".join(segments)
    if path.endswith(".amp.html"):
        path = path[:-len(".amp.html")] + ".html"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if (k.lower(), v.lower()) not in _AMP_QUERY]
    return host + path + (f"?{urlencode(query)}" if query else "")


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased: what politeness limits count per."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def outlet_of(url: str) -> str:
    """A readable outlet name when the page names none: its host without ``www.``."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host
