"""What `kg ingest` reads: the kinds of source and how each is turned into links or articles.

A source is a local file, folder or ``-`` (read by :func:`kg.articles.read_articles`), or an
http(s) URL, whose kind the response tells: an RSS/Atom feed (parsed by feedparser), a sitemap
or sitemap index (news sitemaps included; XML parsed by the standard library), or a web page
whose main text, title, author, date, canonical URL and site name trafilatura extracts.
``$KG_HOME/sources`` lists the sources `kg ingest` reads when given none.
"""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
import zlib
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from kg.archive import Document
from kg.decoding import NotText
from kg.fetch import Response
from kg.store.server import kg_home
from kg.urls import host_of, is_web_url, outlet_of

SOURCES_FILE = "sources"
FEED_ROOTS = frozenset({"rss", "feed", "RDF", "channel"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+xml")
_XML_TYPES = (*_FEED_TYPES, "application/xml", "text/xml")
MAX_SITEMAP_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed


class NotReadable(Exception):
    """A response that is not what it claims to be, or has nothing in it; says why."""


@dataclass(frozen=True)
class Link:
    """A page a feed or sitemap points to, with what the listing says about it."""

    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    sitemap: bool = False  # a child sitemap of a sitemap index, not an article


def sources_path() -> Path:
    return kg_home() / SOURCES_FILE


def read_sources_file(path: Path | None = None) -> list[str]:
    """The sources listed one a line in ``path`` (default ``$KG_HOME/sources``); blank lines
    and ``#`` comments (whole lines, or after a space) are ignored."""
    path = path or sources_path()
    sources = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split(" #", 1)[0].strip()
        if text and not text.startswith("#"):
            sources.append(text)
    return sources


def is_local(source: str) -> bool:
    return source == "-" or not is_web_url(source)


def kind_of(resp: Response) -> str:
    """"feed", "sitemap" or "page", from the root element of the body (and its type)."""
    body = _body(resp)
    if not body.strip():
        raise NotReadable("empty response")
    root = _root_tag(body)
    if root in FEED_ROOTS:
        return "feed"
    if root in SITEMAP_ROOTS:
        return "sitemap"
    if resp.mime in _XML_TYPES:
        if root == "html":
            raise NotReadable(f"served as {resp.mime} but is an HTML page, not a feed")
        raise NotReadable(f"served as {resp.mime} but is not a feed or sitemap "
                          f"({'root element <' + root + '>' if root else 'not XML'})")
    return "page"


def _body(resp: Response) -> bytes:
    """The body, gunzipped when it is a gzip file (sitemap.xml.gz)."""
    if not resp.content.startswith(b"\x1f\x8b"):
        return resp.content
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = inflate.decompress(resp.content, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise NotReadable(f"broken gzip data ({exc})") from None
    if inflate.unconsumed_tail:
        raise NotReadable(f"unpacks to more than {MAX_SITEMAP_BYTES // 1_000_000} MB")
    return body


def _root_tag(body: bytes) -> str | None:
    """The local name of the first element, or None when the start is not XML."""
    parser = ET.XMLPullParser(events=("start",))
    with suppress(ET.ParseError):  # what was read before the error still counts
        parser.feed(body[:8192])
    for _, element in parser.read_events():
        return element.tag.rsplit("}", 1)[-1]
    return None


# --- feeds ----------------------------------------------------------------------------------


def feed_links(resp: Response) -> tuple[list[Link], str | None]:
    """The articles a feed lists, and a note when its XML was broken but partly readable."""
    import feedparser

    headers = {"content-location": resp.final_url,
               "content-type": resp.mime or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(_body(resp)), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        problem = None  # a charset or type the server got wrong: the XML itself is fine
    outlet = parsed.feed.get("title") or None
    links = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        links.append(Link(urljoin(resp.final_url, link), title=entry.get("title") or None,
                          published=time.strftime("%Y-%m-%d", stamp) if stamp else None,
                          author=entry.get("author") or None, outlet=outlet))
    if problem is not None and not links:
        raise NotReadable(f"malformed feed ({_first_line(problem)})")
    note = f"malformed XML ({_first_line(problem)}), read what could be" if problem else None
    return links, note


# --- sitemaps -------------------------------------------------------------------------------


def sitemap_links(resp: Response) -> list[Link]:
    """The pages (or, in a sitemap index, the sitemaps) a sitemap lists, newest first when
    it dates them; news sitemaps give each page's title, date and publication."""
    try:
        root = ET.fromstring(_body(resp))
    except ET.ParseError as exc:
        raise NotReadable(f"malformed sitemap XML ({exc})") from None
    index = _local(root.tag) == "sitemapindex"
    links = []
    for item in root:
        fields = {_local(child.tag): child for child in item.iter()}
        loc = fields.get("loc")
        if loc is None or not (loc.text or "").strip():
            continue
        date = fields.get("publication_date")
        date = date if date is not None else fields.get("lastmod")
        title, name = fields.get("title"), fields.get("name")
        links.append(Link(urljoin(resp.final_url, loc.text.strip()),
                          title=_text(title), published=(_text(date) or "")[:10] or None,
                          outlet=_text(name), sitemap=index))
    links.sort(key=lambda link: link.published or "", reverse=True)
    return links


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element | None) -> str | None:
    return (element.text or "").strip() or None if element is not None else None


# --- pages ----------------------------------------------------------------------------------


def page_document(resp: Response, link: Link | None = None) -> tuple[Document, str | None]:
    """The article in a web page (trafilatura: main text and metadata), and a note when its
    bytes were not in the charset it declared. What the listing said fills the gaps."""
    import trafilatura

    try:
        text, note = resp.text()
    except NotText as exc:
        raise NotReadable(str(exc)) from None
    tree = trafilatura.load_html(text)
    if tree is None:
        raise NotReadable("not an HTML page kg can parse")
    language = tree.get("lang") or None
    found = trafilatura.bare_extraction(tree, url=resp.final_url, with_metadata=True)
    meta = found.as_dict() if found is not None else {}
    body = meta.get("text") or ""
    if not body.strip():
        raise NotReadable("no article text found in the page")
    link = link or Link(resp.url)
    canonical = meta.get("url")
    if not canonical or not is_web_url(canonical) or \
            host_of(canonical) != host_of(resp.final_url):
        canonical = resp.final_url  # a page may not claim another site's article
    doc = Document(
        text=body, url=canonical, title=meta.get("title") or link.title,
        author=meta.get("author") or link.author, published=meta.get("date") or link.published,
        language=(meta.get("language") or language or "").split("-")[0].lower() or None,
        outlet=meta.get("sitename") or link.outlet or outlet_of(resp.final_url),
        raw=resp.content, content_type=resp.mime or None, source=link.url,
        also_urls=(resp.url, resp.final_url))
    return doc, note


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

