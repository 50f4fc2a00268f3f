"""docai: offline document understanding, from PDFs and images to grounded fields in DuckDB."""

__version__ = "0.1.0"

# Bump when a change alters what the pipeline writes for the same input: stored documents
# with another version are processed again on the next run.
PIPELINE_VERSION = "0.1.0"
