"""Decide what a file is from its bytes, never from its name alone."""

from __future__ import annotations

from pathlib import Path

from docai.ingest.errors import IngestError

PDF = "application/pdf"
_IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
SUPPORTED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def detect_media_type(data: bytes, path: Path) -> str:
    if not data:
        raise IngestError("empty file (0 bytes)")
    # The PDF header may follow a little junk; readers accept it within the first KiB.
    if b"%PDF-" in data[:1024]:
        return PDF
    for signature, media_type in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return media_type
    if path.suffix.lower() == ".pdf":
        raise IngestError("not a PDF: the file has no %PDF header "
                          f"(it starts with {data[:16]!r})")
    raise IngestError("unsupported file type: not a PDF, PNG, JPEG or TIFF")
