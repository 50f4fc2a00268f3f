"""docai: offline document understanding, from PDFs and images to grounded fields in DuckDB."""

import sys

__version__ = "0.1.0"

# Bump when a change alters what the pipeline writes for the same input: stored documents
# with another version are processed again on the next run.
PIPELINE_VERSION = "0.9.10"

# PyMuPDF 2 imports its optional `pymupdf.layout` (its own ONNX layout model: about 1 s and
# 55 MiB in every worker process) whenever it is imported; docai has its own layout stage and
# never calls it. Marking the module absent makes PyMuPDF skip it as if it were not installed.
sys.modules.setdefault("pymupdf.layout", None)
