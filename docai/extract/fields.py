"""Invoice field names and kinds, read from schemas/invoice.schema.json (the single source of truth)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

LINE_ITEMS_KEY = "line_items"


@lru_cache(maxsize=1)
def invoice_schema() -> dict:
    """The invoice JSON Schema (schemas/ ships as the ``docai.schemas`` package), loaded once on first use."""
    return json.loads(resources.files("docai.schemas").joinpath("invoice.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def field_names() -> tuple[str, ...]:
    """The document-level invoice fields in schema order (line_items excluded)."""
    return tuple(name for name in invoice_schema()["properties"] if name != LINE_ITEMS_KEY)


@lru_cache(maxsize=1)
def line_item_columns() -> tuple[str, ...]:
    """The columns of one line item in schema order."""
    return tuple(invoice_schema()["properties"][LINE_ITEMS_KEY]["items"]["properties"])


def field_kind(name: str) -> str:
    """How a field is normalised and compared: id, date, name, address, currency, amount, quantity.

    Accepts document fields and line-item columns (bare or as ``line_item.<column>``).
    """
    props = invoice_schema()["properties"]
    column = name.removeprefix("line_item.")
    if name in props and name != LINE_ITEMS_KEY:
        return props[name]["x-kind"]
    items = props[LINE_ITEMS_KEY]["items"]["properties"]
    if column in items:
        return items[column]["x-kind"]
    raise KeyError(f"unknown invoice field: {name}")
