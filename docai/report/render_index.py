"""The report's index: one light HTML table of every document (no images), sorted and
filtered in the browser by assets/index.js."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from docai.report.data import KEY_FIELDS, DocumentRow
from docai.report.markup import LOW_CONFIDENCE, confidence, esc, head, is_low, status_badge

_ERROR_CHARS = 400  # the document page has the whole message


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index keeps of a document once its own page is written."""

    href: str
    file_name: str
    status: str
    page_count: int
    key_values: tuple[str | None, ...]
    min_confidence: float | None
    failed_rules: tuple[str, ...]
    checks: int
    error: str | None

    @classmethod
    def of(cls, doc: DocumentRow, href: str) -> IndexRow:
        return cls(href, doc.file_name, doc.status, doc.page_count,
                   tuple(doc.field_value(name) for name in KEY_FIELDS), doc.min_confidence,
                   tuple(doc.failed_rules), len(doc.validations), doc.error)


_COLUMNS = [("File", "text"), ("Status", "text"), ("Vendor", "text"), ("Number", "text"),
            ("Date", "text"), ("Total", "num"), ("Currency", "text"), ("Pages", "num"),
            ("Lowest conf.", "num"), ("Failed checks", "num"), ("Error", "text")]


def index_html(rows: list[IndexRow], db_name: str, generated: datetime) -> str:
    counts = Counter(r.status for r in rows)
    low = sum(is_low(r.min_confidence) for r in rows)
    failing = sum(bool(r.failed_rules) for r in rows)
    headers = "".join(
        f'<th data-type="{kind}" aria-sort="none"><button type="button">{esc(name)}</button></th>'
        for name, kind in _COLUMNS)
    summary = (f"{len(rows)} document(s) · ok {counts['ok']} · partial {counts['partial']} · "
               f"failed {counts['failed']} · {low} with a value below {LOW_CONFIDENCE:.2f} · "
               f"{failing} with failed checks")
    return "".join([
        head("docai report", "assets/report.css", "assets/index.js"),
        '<body class="index-page">\n<header class="top">\n<h1>docai report</h1>\n',
        f'<p class="meta">{esc(summary)}</p>\n',
        f'<p class="meta">database {esc(db_name)} · '
        f'generated {generated:%Y-%m-%d %H:%M} UTC</p>\n',
        '</header>\n<div class="filters" role="search">\n',
        '<input type="search" id="filter-text" aria-label="Filter documents" '
        'placeholder="Filter: file, vendor, number, error…">\n',
        '<select id="filter-status" aria-label="Status"><option value="">any status</option>'
        '<option>ok</option><option>partial</option><option>failed</option></select>\n',
        f'<label><input type="checkbox" id="filter-low"> '
        f'confidence below {LOW_CONFIDENCE:.2f}</label>\n',
        '<label><input type="checkbox" id="filter-checks"> failed checks</label>\n',
        f'<span id="shown" class="count">{len(rows)} shown</span>\n</div>\n',
        '<noscript><p class="note">Sorting and filtering need JavaScript.</p></noscript>\n',
        f'<table id="documents" class="index-table"><thead><tr>{headers}</tr></thead><tbody>\n',
        "".join(_row(r) for r in rows),
        '</tbody></table>\n',
        '' if rows else '<p class="empty">No documents in the database yet.</p>\n',
        '</body></html>\n'])


def _cell(text: object, sort: object | None = None, cls: str = "", title: str | None = None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    if sort is not None:
        attrs += f' data-sort="{esc(sort)}"'
    if title:
        attrs += f' title="{esc(title)}"'
    return f"<td{attrs}>{text}</td>"


def _row(r: IndexRow) -> str:
    vendor, number, date, total, currency = r.key_values
    low = is_low(r.min_confidence)
    error = r.error or ""
    short = error if len(error) <= _ERROR_CHARS else error[:_ERROR_CHARS] + "…"
    if r.failed_rules:
        rules = esc(", ".join(r.failed_rules))
        checks = _cell(f'<span class="warn">{len(r.failed_rules)}</span> {rules}',
                       len(r.failed_rules), "fail")
    else:
        checks = _cell(f"0 of {r.checks}" if r.checks else "–", 0 if r.checks else -1)
    return "".join([
        f'<tr data-status="{esc(r.status)}" data-low="{int(low)}" '
        f'data-checks="{int(bool(r.failed_rules))}">',
        _cell(f'<a href="{esc(r.href)}">{esc(r.file_name)}</a>', r.file_name.casefold()),
        _cell(status_badge(r.status), r.status),
        _cell(esc(vendor)), _cell(esc(number)), _cell(esc(date), cls="nowrap"),
        _cell(esc(total), total if _is_number(total) else "", "num"),
        _cell(esc(currency)),
        _cell(str(r.page_count), r.page_count, "num"),
        _cell(("&#9888; " if low else "") + confidence(r.min_confidence),
              "" if r.min_confidence is None else f"{r.min_confidence:.4f}",
              "num low" if low else "num"),
        checks,
        _cell(esc(short), cls="error", title=error if short != error else None),
        "</tr>\n"])


def _is_number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True
