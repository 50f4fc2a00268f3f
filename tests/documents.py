"""Small test documents made on the fly: real PDFs and images with known text, and bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

# Known lines and where they are printed (PDF points, baseline origin), big enough to OCR well.
LINES = [
    ((72, 100), "INVOICE 2024-0042", 22),
    ((72, 160), "Date 05.03.2024", 14),
    ((72, 200), "Customer Kunden AG", 14),
    ((320, 300), "Total 1234.56 EUR", 16),
]


def text_pdf(path: Path, pages: int = 1, rotation: int = 0) -> Path:
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=595, height=842)
        for origin, text, size in LINES:
            page.insert_text(origin, text, fontsize=size, fontname="helv")
        page.insert_text((72, 780), f"Page {number + 1}", fontsize=10)
        page.set_rotation(rotation)
    doc.save(path)
    return path


def page_pixmap(pdf: Path, dpi: int = 200) -> pymupdf.Pixmap:
    with pymupdf.open(pdf) as doc:
        return doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)


def page_rgb(pdf: Path, dpi: int = 200) -> np.ndarray:
    """The first page as an H x W x 3 uint8 array, as the layout engine receives pages."""
    pix = page_pixmap(pdf, dpi)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]


def scanned_pdf(path: Path, source_pdf: Path) -> Path:
    """An image-only PDF: the source's first page as a 200 dpi picture, no text layer."""
    pix = page_pixmap(source_pdf)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=pix.tobytes("png"))
    doc.save(path)
    return path


def page_png(path: Path, source_pdf: Path, dpi: int = 200) -> Path:
    """A PNG whose dpi metadata makes PyMuPDF give it the source page's size in points."""
    pix = page_pixmap(source_pdf, dpi)
    pix.set_dpi(dpi, dpi)
    pix.save(path)
    return path


def multipage_tiff(path: Path, source_pdf: Path, frames: int = 2) -> Path:
    pix = page_pixmap(source_pdf, 150)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    image.save(path, save_all=True, append_images=[image] * (frames - 1), dpi=(150, 150))
    return path


def encrypted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret invoice")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    return path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A well-formed PDF from numbered objects (1 is the catalog), written byte by byte."""
    body, offsets = b"%PDF-1.7\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return body


def zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty (PyMuPDF refuses to save one)."""
    path.write_bytes(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                              b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


def truncated_pdf(path: Path, source_pdf: Path, keep: float = 0.4) -> Path:
    data = source_pdf.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def garbage_pdf(path: Path) -> Path:
    """A %PDF header followed by noise."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    return path


def png_bomb(path: Path, side: int = 9000) -> Path:
    """A tiny file that decodes to side x side grey pixels (81 Mpx by default)."""
    row = b"\x00" * (side + 1)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))
    return path


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()
