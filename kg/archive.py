"""The article archive: every article kg has read, stored once, in SQLite under ``$KG_HOME``.

One row per article (``articles``), keyed by a document id and by every URL it was found
under (``urls``, keyed by :func:`kg.urls.url_key`, so tracking parameters, AMP pages and
mobile hosts lead to the same row). The same text under another URL (a syndicated copy, a
URL variant the key does not fold) is found by its content hash, or by a simhash within
:data:`NEAR_BITS` bits (trafilatura's Charikar simhash, looked up through eight indexed
8-bit bands), and joins the row it copies. Measured on the project's 418 distinct articles
of 600+ characters: a three-word edit moves the hash by 6 bits, two different articles
differ by 13 bits or more.

Rows keep the raw page (zlib-compressed), the extracted text and metadata, when it was
fetched and a content hash; ``extractions`` says which texts each extractor version has
read (what an incremental build skips), ``http_cache`` the validators of conditional
requests, ``changes`` what each build added or changed in the graph (``kg changes``).

Safe under ``kill -9``: write-ahead log, one transaction per write, so a killed process
leaves every committed article whole and nothing half-written.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trafilatura.deduplication import Simhash

from kg.records import Article
from kg.store.server import kg_home
from kg.urls import url_key

ARCHIVE_FILE = "archive.sqlite"
SCHEMA_VERSION = 1
NEAR_BITS = 6  # simhashes this close (of 64 bits) are the same text (see below)
NEAR_MIN_CHARS = 600  # shorter texts are too few words for a trustworthy simhash
BANDS = 8  # more bands than NEAR_BITS: two hashes that close share at least one band
_BAND_BITS = 64 // BANDS

_BAND_COLUMNS = [f"band{i}" for i in range(BANDS)]
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY, url TEXT, title TEXT, author TEXT, published TEXT,
    language TEXT, outlet TEXT, text TEXT NOT NULL, raw BLOB, content_type TEXT,
    content_hash TEXT NOT NULL, simhash TEXT, {" INTEGER, ".join(_BAND_COLUMNS)} INTEGER,
    source TEXT, fetched_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
{"".join(f"CREATE INDEX IF NOT EXISTS articles_{b} ON articles({b});" for b in _BAND_COLUMNS)}
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY, key TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES articles(doc_id), seen_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS urls_key ON urls(key);
CREATE INDEX IF NOT EXISTS urls_doc ON urls(doc_id);
CREATE TABLE IF NOT EXISTS extractions (
    doc_id TEXT NOT NULL, extractor TEXT NOT NULL, content_hash TEXT NOT NULL,
    extracted_at TEXT NOT NULL, PRIMARY KEY (doc_id, extractor));
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    run_at TEXT NOT NULL, change TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, old_status TEXT, new_status TEXT, doc_id TEXT, title TEXT,
    url TEXT, outlet TEXT, published TEXT);
CREATE INDEX IF NOT EXISTS changes_run ON changes(run_at);
"""

CHANGE_FIELDS = ("run_at", "change", "type", "source", "target", "old_status", "new_status",
                 "doc_id", "title", "url", "outlet", "published")


class ArchiveError(RuntimeError):
    """The archive cannot be opened or written; the message says what to do."""


@dataclass(frozen=True)
class Document:
    """An article to archive: its text and what is known about it.

    ``url`` is the URL to show (the page's canonical link, else where it was fetched);
    ``also_urls`` the others it was reached under (the link followed, redirects).
    ``doc_id`` is given for articles read from files; web articles get one from their URL.
    """

    text: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    raw: bytes | None = None
    content_type: str | None = None
    source: str | None = None
    doc_id: str | None = None
    also_urls: tuple[str, ...] = ()

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(text=article.text, url=article.url, title=article.title,
                   published=article.published, outlet=article.outlet, source=article.source,
                   doc_id=article.id)

    def urls(self) -> list[str]:
        return list(dict.fromkeys(u for u in (self.url, *self.also_urls) if u))


@dataclass(frozen=True)
class Stored:
    """What storing a document did: ``new``, ``updated`` (same article, new text),
    ``unchanged`` or ``duplicate`` (of the stored ``doc_id``; ``how`` says why)."""

    outcome: str
    doc_id: str
    how: str | None = None


def content_hash(text: str) -> str:
    """The hash of a text's words, ignoring case and spacing."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def _bands(simhash: int) -> list[int]:
    return [(simhash >> (_BAND_BITS * i)) & ((1 << _BAND_BITS) - 1) for i in range(BANDS)]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_path() -> Path:
    return kg_home() / ARCHIVE_FILE


class Archive:
    """The archive file at ``path`` (default ``$KG_HOME/archive.sqlite``), created on first use."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab"):  # a read-only disk or file, said plainly
                pass
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"the archive {self.path} was written by a newer kg "
                                   f"(schema {version}); upgrade kg to read it")
            with self._transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"cannot open the article archive {self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open the article archive {self.path}: {exc}; move it "
                               "away to start a new one") from None
        except OSError as exc:
            raise ArchiveError(f"cannot open the article archive {self.path}: "
                               f"{exc.strerror or exc}") from None

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    # --- articles ---------------------------------------------------------------------

    def store(self, doc: Document) -> Stored:
        """Store one article once: under the row its id or one of its URLs names (updated
        when its text changed), else under the row whose text it copies, else as new."""
        digest = content_hash(doc.text)
        keys = {u: url_key(u) for u in doc.urls()}
        now = _now()
        with self._transaction():
            found = self._row_for(doc.doc_id, keys)
            if found is not None:
                doc_id, old_hash = found
                outcome = "unchanged" if old_hash == digest else "updated"
                if outcome == "updated":
                    self._write(doc_id, doc, digest, now, update=True)
                self._add_urls(doc_id, keys, now)
                return Stored(outcome, doc_id)
            copy = self._copy_of(doc.text, digest)
            if copy is not None:
                doc_id, how = copy
                self._add_urls(doc_id, keys, now)
                return Stored("duplicate", doc_id, how)
            doc_id = doc.doc_id or self._new_id(doc, keys)
            self._write(doc_id, doc, digest, now, update=False)
            self._add_urls(doc_id, keys, now)
            return Stored("new", doc_id)

    def _row_for(self, doc_id: str | None, keys: dict[str, str]) -> tuple[str, str] | None:
        """The (doc id, content hash) stored under the id or under one of the URLs' keys."""
        if doc_id is not None:
            row = self._db.execute("SELECT doc_id, content_hash FROM articles WHERE doc_id = ?",
                                   (doc_id,)).fetchone()
            if row:
                return row
        for key in keys.values():
            row = self._db.execute("SELECT a.doc_id, a.content_hash FROM urls u JOIN articles a "
                                   "ON a.doc_id = u.doc_id WHERE u.key = ?", (key,)).fetchone()
            if row:
                return row
        return None

    def _copy_of(self, text: str, digest: str) -> tuple[str, str] | None:
        row = self._db.execute("SELECT doc_id FROM articles WHERE content_hash = ? LIMIT 1",
                               (digest,)).fetchone()
        if row:
            return row[0], "same text"
        if len(text) < NEAR_MIN_CHARS:
            return None
        mine = Simhash(text)
        where = " OR ".join(f"band{i} = ?" for i in range(BANDS))
        for doc_id, other in self._db.execute(
                f"SELECT doc_id, simhash FROM articles WHERE {where}", _bands(mine.hash)):
            if other and (mine.hash ^ int(other, 16)).bit_count() <= NEAR_BITS:
                return doc_id, "near-duplicate text"
        return None

    def _new_id(self, doc: Document, keys: dict[str, str]) -> str:
        seed = keys[doc.urls()[0]] if keys else content_hash(doc.text)
        return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:16]

    def _write(self, doc_id: str, doc: Document, digest: str, now: str, *, update: bool) -> None:
        near = Simhash(doc.text).hash if len(doc.text) >= NEAR_MIN_CHARS else None
        values: dict[str, Any] = {
            "doc_id": doc_id, "url": doc.url, "title": doc.title, "author": doc.author,
            "published": doc.published, "language": doc.language, "outlet": doc.outlet,
            "text": doc.text, "raw": zlib.compress(doc.raw) if doc.raw else None,
            "content_type": doc.content_type, "content_hash": digest,
            "simhash": f"{near:x}" if near is not None else None,
            **{f"band{i}": b for i, b in enumerate(_bands(near) if near is not None
                                                    else [None] * BANDS)},
            "source": doc.source, "updated_at": now,
        }
        if update:
            sets = ", ".join(f"{k} = :{k}" for k in values if k != "doc_id")
            self._db.execute(f"UPDATE articles SET {sets} WHERE doc_id = :doc_id", values)
        else:
            values["fetched_at"] = now
            self._db.execute(f"INSERT INTO articles ({', '.join(values)}) VALUES "
                             f"({', '.join(':' + k for k in values)})", values)

    def _add_urls(self, doc_id: str, keys: dict[str, str], now: str) -> None:
        """Remember every URL (url -> its key) as one of the article's."""
        self._db.executemany("INSERT OR IGNORE INTO urls (url, key, doc_id, seen_at) "
                             "VALUES (?, ?, ?, ?)",
                             [(url, key, doc_id, now) for url, key in keys.items()])

    def urls(self, doc_id: str) -> list[str]:
        """Every URL an article was found under, in the order first seen."""
        return [r[0] for r in self._db.execute(
            "SELECT url FROM urls WHERE doc_id = ? ORDER BY seen_at, rowid", (doc_id,))]

    def raw(self, doc_id: str) -> bytes | None:
        """The page as fetched, when it came from the web."""
        row = self._db.execute("SELECT raw FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return zlib.decompress(row[0]) if row and row[0] else None

    def articles(self, doc_ids: Iterable[str] | None = None) -> Iterator[tuple[Article, str]]:
        """(Article, content hash) for the given ids (default: all), oldest first."""
        query = ("SELECT doc_id, text, title, url, published, source, outlet, content_hash "
                 "FROM articles")
        if doc_ids is None:
            rows: Iterable[tuple[Any, ...]] = self._db.execute(
                query + " ORDER BY fetched_at, rowid").fetchall()
        else:
            rows = [row for d in doc_ids
                    for row in self._db.execute(query + " WHERE doc_id = ?", (d,))]
        for doc_id, text, title, url, published, source, outlet, digest in rows:
            yield Article(id=doc_id, text=text, title=title, url=url, published=published,
                          source=source, outlet=outlet), digest

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    # --- extraction bookkeeping -------------------------------------------------------

    def pending(self, extractor: str) -> list[str]:
        """Ids of articles ``extractor`` has not read in their current text, oldest first."""
        return [r[0] for r in self._db.execute(
            "SELECT a.doc_id FROM articles a LEFT JOIN extractions e ON e.doc_id = a.doc_id "
            "AND e.extractor = ? WHERE e.doc_id IS NULL OR e.content_hash != a.content_hash "
            "ORDER BY a.fetched_at, a.rowid", (extractor,))]

    def mark_extracted(self, done: Iterable[tuple[str, str]], extractor: str, *,
                       only: bool = False) -> None:
        """Record that ``extractor`` read these (doc id, content hash) pairs; ``only``: and
        that the graph holds nothing else (after a rebuild)."""
        now = _now()
        with self._transaction():
            if only:
                self._db.execute("DELETE FROM extractions")
            self._db.executemany(
                "INSERT OR REPLACE INTO extractions (doc_id, extractor, content_hash, "
                "extracted_at) VALUES (?, ?, ?, ?)",
                [(doc_id, extractor, digest, now) for doc_id, digest in done])

    # --- conditional requests ---------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) last seen for ``url``."""
        row = self._db.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?",
                               (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None
                            ) -> None:
        if not etag and not last_modified:
            return
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO http_cache (url, etag, last_modified, "
                             "checked_at) VALUES (?, ?, ?, ?)",
                             (url, etag, last_modified, _now()))

    # --- the change log ---------------------------------------------------------------

    def record_changes(self, changes: Iterable[dict[str, Any]], run_at: str | None = None
                       ) -> None:
        """Log what one build changed in the graph (dicts with :data:`CHANGE_FIELDS`)."""
        when = run_at or _now()
        rows = [tuple(when if f == "run_at" else c.get(f) for f in CHANGE_FIELDS)
                for c in changes]
        with self._transaction():
            self._db.executemany(f"INSERT INTO changes ({', '.join(CHANGE_FIELDS)}) VALUES "
                                 f"({', '.join('?' * len(CHANGE_FIELDS))})", rows)

    def changes(self, since: str) -> list[dict[str, Any]]:
        """Changes logged at or after ``since`` (an ISO timestamp in UTC), oldest first."""
        return [dict(zip(CHANGE_FIELDS, row, strict=True)) for row in self._db.execute(
            f"SELECT {', '.join(CHANGE_FIELDS)} FROM changes WHERE run_at >= ? "
            "ORDER BY run_at, rowid", (since,))]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on any error); engine errors become
    ArchiveError with one line."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: object) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error as error:
                exc = error
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise ArchiveError(f"the article archive {self.path} could not be written: "
                               f"{exc}") from None
