"""Ingest: open PDFs and images, hash them, rasterize pages and read their native text."""

from docai.ingest.errors import IngestError
from docai.ingest.source import Ingestor, SourceDocument

__all__ = ["IngestError", "Ingestor", "SourceDocument"]
