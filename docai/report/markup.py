"""HTML building blocks shared by the report's pages. Every piece of document text goes
through `esc`; nothing from the database is ever placed inside a <script>."""

from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation

from docai.extract.fields import field_names

LOW_CONFIDENCE = 0.6  # values below this stand out in the report
PALETTE_SIZE = 16  # colour classes c0..c15 in assets/report.css

# Scripts and styles only from the report's own files: no inline script, no event-handler
# attributes, no remote anything. 'self' matches the report's folder when opened from file://.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")

_ID_SAFE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes too); None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def head(title: str, css: str, script: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(title)}</title>\n'
            f'<link rel="stylesheet" href="{esc(css)}">\n'
            f'<script src="{esc(script)}" defer></script>\n</head>\n')


def colour_class(field: str) -> str:
    """A stable colour per field: schema fields in schema order, others by a name hash."""
    names = field_names()
    if field in names:
        return f"c{names.index(field) % PALETTE_SIZE}"
    return f"c{sum(field.encode()) % PALETTE_SIZE}"


def anchor_id(kind: str, name: object, fallback: int) -> str:
    """The element id (and URL fragment) of a box, e.g. `field=total_amount`."""
    text = str(name)
    return f"{kind}={text}" if _ID_SAFE.fullmatch(text) else f"{kind}=n{fallback}"


def confidence(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def is_low(value: float | None) -> bool:
    return value is not None and value < LOW_CONFIDENCE


def decimal_text(value: str | None, places: int = 0) -> str:
    """Stored decimals without trailing zeros beyond `places` (2.0000 -> 2, 12.5 -> 12.50)."""
    if value is None:
        return ""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    text = format(number.normalize(), "f")
    if places and "." not in text:
        return f"{text}.{'0' * places}"
    if places:
        whole, frac = text.split(".")
        return f"{whole}.{frac.ljust(places, '0')}"
    return text


def status_badge(status: str) -> str:
    return f'<span class="status status-{esc(status)}">{esc(status)}</span>'
