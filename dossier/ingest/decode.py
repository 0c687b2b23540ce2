"""Bytes to trustworthy text: refuse binaries, detect the encoding, repair mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from dataclasses import dataclass

import ftfy
import ftfy.fixes
from charset_normalizer import from_bytes
from ftfy.badness import is_bad

from dossier.errors import DecodeFailed, UnsupportedInput
from dossier.safetext import has_visible_text

MAX_INPUT_BYTES = 20 * 1024 * 1024  # the largest real article pages we have seen are ~6 MB; beyond is not an article
SNIFF_BYTES = 8192  # enough to see a BOM, a meta charset, or binary noise
MAX_CONTROL_SHARE = 0.02  # text with more C0 controls than this is a binary that happens to decode

MAGIC = [
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (docx/epub/zip)"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media (webp/wav/avi)"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"SQLite format 3", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7-zip archive"),
]

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
# WHATWG Encoding Standard: browsers decode pages labelled latin-1 or ASCII as windows-1252, and so do authors'
# tools, so such pages are full of cp1252 curly quotes (0x91-0x94) that latin-1 would turn into C1 controls
WINDOWS_1252_LABELS = {"iso8859-1": "cp1252", "ascii": "cp1252"}
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufff9-\ufffb]")
# UTF-8 read as Latin-1/cp1252 leaves a lead byte (Â Ã â Å …) before a continuation-byte character
MOJIBAKE_HINT = re.compile(
    r"[ÂÃÄÅÆÇÐÑÕÖØÙÚÛÜâãäåæçèéêëìíîïð][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
# (codec, code unit width, byte offsets inside a unit that are NUL for Latin-script text)
UTF_LAYOUTS = [
    ("utf-32-le", 4, (1, 2, 3)),
    ("utf-32-be", 4, (0, 1, 2)),
    ("utf-16-le", 2, (1,)),
    ("utf-16-be", 2, (0,)),
]
MIN_UTF_SNIFF_BYTES = 16  # fewer bytes tell nothing about where NULs fall
MIN_NUL_SHARE = 0.6  # Latin text puts a NUL in nearly every such byte; a binary's NULs fall anywhere
MIN_PRINTABLE_SHARE = 0.95  # decoded text is letters and spaces; a binary decodes to controls and unassigned
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    mojibake_fixed: bool


def gunzip_limited(source: str, data: bytes, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Decompress gzip bytes (every member), refusing bombs and truncated streams with a clear reason."""
    out = b""
    rest = data
    while is_gzip(rest):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise UnsupportedInput(source, f"corrupt gzip stream ({exc})") from exc
        if len(out) > limit or inflater.unconsumed_tail:
            raise UnsupportedInput(source, f"too large once decompressed (over {limit // (1024 * 1024)} MB)")
        if not inflater.eof:
            raise UnsupportedInput(source, "truncated gzip stream (the file ends before the compressed data does)")
        rest = inflater.unused_data  # `cat a.gz b.gz` is a valid gzip file; trailing padding is ignored
    return out


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def check_size(source: str, data: bytes) -> None:
    """Refuse empty and oversized inputs before any work is spent on them."""
    if not data:
        raise UnsupportedInput(source, "empty file (0 bytes)")
    if len(data) > MAX_INPUT_BYTES:
        raise UnsupportedInput(source, too_large(len(data)))


def too_large(size: int) -> str:
    return f"too large ({size / (1024 * 1024):.1f} MB; the limit is {MAX_INPUT_BYTES // (1024 * 1024)} MB per article)"


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of these bytes, or None when they may be text."""
    head = data[:SNIFF_BYTES]
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in BOMS) or bomless_utf(head):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def bomless_utf(head: bytes) -> str | None:
    """UTF-32 or UTF-16 written without a BOM, told by where its NUL bytes fall; None for anything else.

    Latin-script text in UTF-16LE has a NUL in (nearly) every odd byte, in UTF-32LE in three of every four bytes;
    a binary has NULs anywhere. The decoded sample must then be printable text.
    """
    usable = head[: len(head) - len(head) % 4]
    if len(usable) < MIN_UTF_SNIFF_BYTES or b"\x00" not in usable:
        return None
    for codec, width, offsets in UTF_LAYOUTS:
        units = len(usable) // width
        zeros = sum(usable[offset::width].count(0) for offset in offsets) / (units * len(offsets))
        if zeros < MIN_NUL_SHARE:
            continue
        try:
            sample = usable.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
        if "\x00" not in sample and printable >= MIN_PRINTABLE_SHARE * len(sample):
            return codec
    return None


def declared_encoding(data: bytes, content_type: str | None) -> str | None:
    """The charset an HTTP header, meta tag or XML declaration claims, if it names a codec we know."""
    candidates: list[str] = []
    if content_type and (m := HEADER_CHARSET.search(content_type)):
        candidates.append(m.group(1))
    head = data[:SNIFF_BYTES]
    for pattern in (META_CHARSET, XML_ENCODING):
        if m2 := pattern.search(head):
            candidates.append(m2.group(1).decode("ascii", "ignore"))
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        return WINDOWS_1252_LABELS.get(codec, codec)
    return None


def decoded_text(source: str, data: bytes, *, content_type: str | None = None) -> DecodedText:
    """Decode article bytes: BOM, then strict UTF-8, then the declared charset, then detection."""
    check_size(source, data)
    if kind := binary_kind(data):
        raise UnsupportedInput(source, f"binary file ({kind}), not an article")
    text, encoding = _decode(source, data, content_type)
    if not has_visible_text(text):
        raise UnsupportedInput(source, "no text (only whitespace, zero-width or other invisible characters)")
    if len(CONTROL_CHARS.findall(text[:SNIFF_BYTES])) > MAX_CONTROL_SHARE * min(len(text), SNIFF_BYTES):
        raise UnsupportedInput(source, "binary file (control characters), not an article")
    tidied = tidied_text(text)
    if not MOJIBAKE_HINT.search(tidied) or not is_bad(tidied):  # ftfy on a clean page costs as much as extraction
        return DecodedText(text=tidied, encoding=encoding, mojibake_fixed=False)
    fixed = repaired_text(text)
    return DecodedText(text=fixed, encoding=encoding, mojibake_fixed=fixed != tidied)


def tidied_text(text: str) -> str:
    """What repaired_text does besides repairing mojibake, so CRLF or NFD text is not flagged as mojibake."""
    tidied = LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", STRAY_CONTROLS.sub("", tidied))


def _decode(source: str, data: bytes, content_type: str | None) -> tuple[str, str]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if codec := bomless_utf(data[:SNIFF_BYTES]):
        return data.decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data, content_type)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            if declared == "cp1252":  # the five bytes cp1252 leaves undefined become C1 controls, as in browsers
                return data.decode("latin-1"), "latin-1"
    best = from_bytes(data[: 4 * SNIFF_BYTES]).best()
    if best is None or best.encoding is None:
        raise DecodeFailed(source, "could not detect the text encoding")
    try:
        return data.decode(best.encoding, errors="replace"), best.encoding
    except LookupError as exc:
        raise DecodeFailed(source, f"unknown encoding {best.encoding}") from exc


def repaired_text(text: str) -> str:
    """Fix mojibake (UTF-8 read as Latin-1/cp1252) without touching quotes, widths or ligatures."""
    fixed = ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=True,
        normalization="NFC",
    )
    return unicodedata.normalize("NFC", fixed)


def gunzip_path_bytes(source: str, data: bytes) -> bytes:
    """Decompress when the bytes are gzip, else return them unchanged."""
    return gunzip_limited(source, data) if is_gzip(data) else data


__all__ = [
    "MAX_INPUT_BYTES",
    "DecodedText",
    "binary_kind",
    "check_size",
    "decoded_text",
    "gunzip_limited",
    "gunzip_path_bytes",
    "is_gzip",
    "repaired_text",
    "too_large",
]
