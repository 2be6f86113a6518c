"""Untrusted bytes as text: binary refused, the encoding detected, no text lost.

UTF-8 (with or without BOM) is expected and checked over the whole input. The first 256 KB
are also judged by charset-normalizer: input no encoding reads as text is binary and refused
(NUL bytes or not); a BOM or UTF-16/32 is honoured. Input that is not all UTF-8 but reads as
Windows-1252 keeps its UTF-8 parts and reads the other bytes as Windows-1252 (a file with one
pasted Latin-1 line loses nothing); any other encoding (cp1251, Shift JIS, ...) is read as
detected. Files and standard input go through the same code.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import CharsetMatches, from_bytes

SNIFF_BYTES = 1 << 18
_CHUNK = 1 << 20
_CP1252_FALLBACK = "kg-cp1252-fallback"
_WIDE = ("utf_16", "utf_32")  # charset-normalizer's names of the encodings lines need decoded


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(_CP1252_FALLBACK, _as_cp1252)


class NotText(Exception):
    """The input is binary, not text; the message says so."""


@dataclass(frozen=True)
class Decoding:
    """How to read an input as text, and what to tell the user about it (None: nothing)."""

    encoding: str
    errors: str
    note: str | None = None


def detect(stream: BinaryIO) -> Decoding:
    """How to decode a seekable binary stream (read from its start, and left there).

    Raises NotText for binary content.
    """
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    first_bad = _first_non_utf8(head, stream)
    stream.seek(0)
    matches = _text_readings(head)
    best = matches.best()
    if best is None:
        raise NotText("looks like a binary file, not text (no text encoding reads it)")
    if best.encoding.startswith(_WIDE):  # before the UTF-8 check: "A\0B\0" is UTF-8 too
        return Decoding(best.encoding, "replace", None if best.bom else
                        f"not UTF-8; read as {best.encoding} (detected, no BOM)")
    if first_bad is None:
        return Decoding("utf-8-sig", "strict")
    where = f"not valid UTF-8 (first bad byte at offset {first_bad})"
    if best.encoding in ("utf_8", "ascii") or any(
            "cp1252" in match.could_be_from_charset for match in matches):
        return Decoding("utf-8-sig", _CP1252_FALLBACK,
                        f"{where}; those bytes read as Windows-1252/Latin-1, check the "
                        "accents; re-save the input as UTF-8 to silence this")
    return Decoding(best.encoding, "replace", f"{where}; read as {best.encoding} (detected), "
                                              "check the text; re-save the input as UTF-8")


def looks_binary(head: bytes) -> bool:
    """Does no text encoding read this sample (the start of an input) as text?"""
    return not _text_readings(head)


def _text_readings(head: bytes) -> CharsetMatches:
    """charset-normalizer's plausible readings of a sample (none: binary)."""
    return from_bytes(_whole_chars(head), enable_fallback=False)


def text_stream(stream: BinaryIO, decoding: Decoding) -> io.TextIOWrapper:
    """The stream as text; lines end at "\\n" only (a stray "\\r" or U+2028 is no break)."""
    return io.TextIOWrapper(stream, encoding=decoding.encoding, errors=decoding.errors,
                            newline="\n")


def _first_non_utf8(head: bytes, rest: BinaryIO) -> int | None:
    """Offset of the first byte that is not UTF-8 (head, then the rest of the stream)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    chunk = head
    while chunk:
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return offset + exc.start - (len(exc.object) - len(chunk))  # minus bytes held over
        offset += len(chunk)
        chunk = rest.read(_CHUNK)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset - len(decoder.getstate()[0])
    return None


def _whole_chars(head: bytes) -> bytes:
    """The sample without a UTF-8 character cut at its end (which would make it look binary)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head)
    except UnicodeDecodeError:
        return head
    return head[:len(head) - len(decoder.getstate()[0])]
