"""A nightly inbox's worst night: good documents among dozens of hostile files, each with the
status and the words of the reason docai must store for it."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import pymupdf

from tests import documents


def image_bomb_pdf(path: Path, side: int = 10_000) -> Path:
    """One page showing a grey image of side x side px: 100 Mpx, a few KiB on disk."""
    pixels = zlib.compress(b"\x80" * side * side, 9)
    content = b"q 500 0 0 700 50 50 cm /Im0 Do Q"
    path.write_bytes(documents.raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(pixels)) + pixels + b"\nendstream",
    ]))
    return path


def text_page(doc: pymupdf.Document, width: float = 595, height: float = 842) -> pymupdf.Page:
    page = doc.new_page(width=width, height=height)
    for origin, text, size in documents.LINES:
        page.insert_text(origin, text, fontsize=size, fontname="helv")
    return page


def javascript_pdf(path: Path) -> Path:
    """An invoice whose catalog runs JavaScript on open (MuPDF never runs it)."""
    doc = pymupdf.open()
    text_page(doc)
    data = doc.tobytes()
    doc.close()
    doc = pymupdf.open(stream=data)
    catalog = doc.pdf_catalog()
    js = doc.get_new_xref()
    doc.update_object(js, "<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\);) >>")
    doc.xref_set_key(catalog, "OpenAction", f"{js} 0 R")
    doc.save(path)
    return path


def attachment_pdf(path: Path) -> Path:
    """An invoice carrying an embedded file (an executable, by its name)."""
    doc = pymupdf.open()
    text_page(doc)
    doc.embfile_add("payload.exe", b"MZ\x90\x00" + bytes(1000), filename="payload.exe")
    doc.save(path)
    return path


def owner_password_pdf(path: Path) -> Path:
    """Encrypted with an owner password only: it opens without one, like in any viewer."""
    doc = pymupdf.open()
    text_page(doc)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="")
    return path


def encrypted_pdf(path: Path, method: int) -> Path:
    doc = pymupdf.open()
    text_page(doc)
    doc.save(path, encryption=method, owner_pw="owner", user_pw="user")
    return path


def half_bad_pdf(path: Path, work: Path) -> Path:
    """Page 1 is fine, page 2 holds an image bomb: a partial document."""
    bomb = image_bomb_pdf(work / "bomb-page.pdf")
    doc = pymupdf.open()
    text_page(doc)
    with pymupdf.open(bomb) as other:
        doc.insert_pdf(other)
    doc.save(path)
    return path


def noise(seed: int, size: int = 6000) -> bytes:
    return random.Random(seed).randbytes(size)


def build_inbox(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Write the files; return {relative path: (expected status, words of the reason)}."""
    work = folder.parent / f"{folder.name}-work"
    work.mkdir(parents=True, exist_ok=True)
    (folder / "bad").mkdir(parents=True, exist_ok=True)
    source = documents.text_pdf(work / "source.pdf", pages=3)
    expected: dict[str, tuple[str, str | None]] = {}

    def good(name: str, build) -> None:
        build(folder / name)
        expected[name] = ("ok", None)

    def bad(name: str, reason: str, build) -> None:
        build(folder / "bad" / name)
        expected[f"bad/{name}"] = ("failed", reason)

    good("invoice.pdf", lambda p: documents.text_pdf(p))
    good("landscape.pdf", lambda p: documents.text_pdf(p, rotation=90))
    good("javascript.pdf", javascript_pdf)
    good("attachment.pdf", attachment_pdf)
    good("owner-password.pdf", owner_password_pdf)
    good("pdf-named.png", lambda p: documents.text_pdf(p, pages=2))  # told by content

    def huge_page(path: Path) -> None:  # 5 m x 5 m: rasterized small, read like any page
        doc = pymupdf.open()
        text_page(doc, 14_400, 14_400)
        doc.save(path)
    good("huge-page.pdf", huge_page)
    half_bad_pdf(folder / "half-bad.pdf", work)
    expected["half-bad.pdf"] = ("partial", "embedded image")

    # Corrupt
    for seed in range(4):
        bad(f"noise-{seed}.pdf", "corrupt or unreadable PDF",
            lambda p, s=seed: p.write_bytes(b"%PDF-1.7\n" + noise(s)))
    for keep in (0.1, 0.25, 0.5, 0.75):
        bad(f"truncated-{int(keep * 100)}.pdf", "truncated PDF",
            lambda p, k=keep: documents.truncated_pdf(p, source, k))
    bad("noise.png", "corrupt or unreadable image",
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + noise(7)))
    bad("noise.jpg", "corrupt or unreadable image",
        lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + noise(8)))
    bad("noise.tif", "corrupt or unreadable image",
        lambda p: p.write_bytes(b"II*\x00" + noise(9)))
    # Encrypted
    for name, method in (("aes256", pymupdf.PDF_ENCRYPT_AES_256),
                         ("aes128", pymupdf.PDF_ENCRYPT_AES_128),
                         ("rc4-128", pymupdf.PDF_ENCRYPT_RC4_128),
                         ("rc4-40", pymupdf.PDF_ENCRYPT_RC4_40)):
        bad(f"encrypted-{name}.pdf", "encrypted PDF", lambda p, m=method: encrypted_pdf(p, m))
    # Empty and zero pages
    bad("zero-pages.pdf", "no pages", documents.zero_page_pdf)
    bad("empty.pdf", "empty file", lambda p: p.write_bytes(b""))
    # Huge
    bad("bomb-9000.png", "too large", documents.png_bomb)
    bad("bomb-8000.png", "too large", lambda p: documents.png_bomb(p, 8000))
    bad("image-bomb.pdf", "no page could be processed", image_bomb_pdf)
    # Wrong type
    bad("notes.pdf", "not a PDF", lambda p: p.write_text("Meeting notes, not a PDF."))
    bad("archive.pdf", "not a PDF", lambda p: p.write_bytes(b"PK\x03\x04" + noise(10, 500)))
    bad("page.pdf", "not a PDF", lambda p: p.write_text("<!doctype html><p>invoice</p>"))
    bad("setup.pdf", "not a PDF", lambda p: p.write_bytes(b"MZ\x90\x00" + bytes(2000)))
    bad("script.png", "unsupported file type", lambda p: p.write_text("#!/bin/sh\nrm -rf /\n"))
    bad("word.jpeg", "unsupported file type",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)))
    bad("elf.tiff", "unsupported file type", lambda p: p.write_bytes(b"\x7fELF" + bytes(2000)))
    # The same bytes twice: one document (sorted after the original, so it is the skipped one).
    (folder / "zz-copy-of-invoice.pdf").write_bytes((folder / "invoice.pdf").read_bytes())
    expected["zz-copy-of-invoice.pdf"] = ("skipped", None)
    # Not picked up at all: unsupported suffixes.
    (folder / "bad" / "readme.txt").write_text("not a document")
    (folder / "bad" / "invoice.docx").write_bytes(b"PK\x03\x04" + noise(11, 500))
    return expected
