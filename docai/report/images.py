"""Page images for the report: rendered once per document page from the source file.

Images are named by document id and page, so a document's pages are written the first time it
is reported and reused after (the id is the hash of the file's bytes, so the content cannot
have changed under the same name).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image

TARGET_WIDTH_PX = 1100  # sharp at typical screen widths, a few hundred KB per page
MAX_PIXELS = 2_400_000  # long receipts get a smaller scale instead of a huge image
MAX_SCALE = 4.0  # tiny pages are not blown up beyond this many pixels per point
JPEG_QUALITY = 82

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def safe_name(doc_id: str) -> str:
    """A file-name-safe stand-in for a document id (ids are sha256 hex, but never trust it)."""
    if _SAFE_ID.fullmatch(doc_id):
        return doc_id
    return "id-" + hashlib.sha256(doc_id.encode()).hexdigest()


def image_name(doc_id: str, page_no: int) -> str:
    return f"{safe_name(doc_id)}-p{int(page_no)}.jpg"


def render_scale(width: float, height: float) -> float:
    """Pixels per PDF point for a page of this size."""
    if width <= 0 or height <= 0:
        return 1.0
    scale = min(TARGET_WIDTH_PX / width, math.sqrt(MAX_PIXELS / (width * height)), MAX_SCALE)
    return max(scale, 0.05)


@dataclass(frozen=True)
class PageImages:
    """What `ensure_page_images` found: image file names by page, or why there are none."""

    names: dict[int, str]
    note: str | None = None


def ensure_page_images(source: Path, doc_id: str, page_nos: list[int], out_dir: Path) -> PageImages:
    """Write the missing page images of one document into out_dir; return every page's name.

    A missing or unreadable source is not an error: the report then draws the boxes on a
    blank page and says why.
    """
    names = {n: image_name(doc_id, n) for n in page_nos}
    missing = [n for n in page_nos if not (out_dir / names[n]).exists()]
    if not missing:
        return PageImages(names)
    if not source.is_file():
        kept = {n: name for n, name in names.items() if n not in missing}
        return PageImages(kept, f"source file not found: {source}")
    out_dir.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    try:
        with pymupdf.open(source) as pdf:
            for page_no in missing:
                try:
                    _render_page(pdf, page_no, out_dir / names[page_no])
                except Exception as exc:  # one bad page must not cost the report
                    failed.append(f"page {page_no}: {exc}")
                    del names[page_no]
    except Exception as exc:
        kept = {n: name for n, name in names.items() if n not in missing}
        return PageImages(kept, f"source file could not be opened: {exc}")
    return PageImages(names, "could not render " + "; ".join(failed) if failed else None)


def _render_page(pdf: pymupdf.Document, page_no: int, path: Path) -> None:
    if not 1 <= page_no <= pdf.page_count:
        raise ValueError(f"the source has {pdf.page_count} page(s)")
    page = pdf.load_page(page_no - 1)
    scale = render_scale(page.rect.width, page.rect.height)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csRGB,
                          alpha=False)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    partial = path.with_name(path.name + ".part")
    image.save(partial, "JPEG", quality=JPEG_QUALITY)  # Pillow encodes ~10x faster than MuPDF
    partial.replace(path)  # never leave a half-written image that a re-run would skip
