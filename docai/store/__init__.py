"""The one module that owns the DuckDB database."""

from docai.store.database import Store, StoreLockedError

__all__ = ["Store", "StoreLockedError"]
