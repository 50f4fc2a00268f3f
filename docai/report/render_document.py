"""One document's page: page images with field, line-item, region and word boxes drawn over
them in SVG (in PDF points, so they line up at any zoom), and the tables beside them."""

from __future__ import annotations

from docai.report.data import DocumentRow, FieldRow, PageRow
from docai.report.images import PageImages
from docai.report.markup import (LOW_CONFIDENCE, anchor_id, colour_class, confidence,
                                 decimal_text, esc, head, is_low, status_badge)

_TEXT_SOURCES = {"native": "text layer", "ocr": "OCR"}


def document_html(doc: DocumentRow, images: PageImages, pages_href: str) -> str:
    field_ids = {id(f): anchor_id("field", f.field, i) for i, f in enumerate(doc.fields)}
    item_ids = {id(item): anchor_id("item", item.item_no, i)
                for i, item in enumerate(doc.line_items)}
    parts = [head(f"{doc.file_name} · docai report", "../assets/report.css", "../assets/doc.js"),
             '<body class="doc-page">\n', _header(doc)]
    parts.append('<main class="doc">\n<section class="viewer" aria-label="Pages">\n')
    if doc.pages:
        parts.append(_toolbar(doc))
    if images.note:
        parts.append(f'<p class="note">{esc(images.note)}</p>\n')
    if not doc.pages:
        parts.append('<p class="empty">No page of this document was stored.</p>\n')
    for page in doc.pages:
        image = images.names.get(page.page_no)
        parts.append(_page(doc, page, f"{pages_href}/{image}" if image else None,
                           field_ids, item_ids))
    parts.append('</section>\n<aside class="panel" aria-label="Extraction">\n')
    parts.append(_fields_table(doc, field_ids))
    parts.append(_items_table(doc, item_ids))
    parts.append(_validations_table(doc))
    parts.append('</aside>\n</main>\n<div id="tip" class="tip" hidden></div>\n</body></html>\n')
    return "".join(parts)


def _header(doc: DocumentRow) -> str:
    sources = sorted({_TEXT_SOURCES.get(p.text_source, p.text_source) for p in doc.pages})
    meta = [f"{doc.page_count} page(s)", ", ".join(sources),
            f"processed {doc.processed_at:%Y-%m-%d %H:%M} UTC" if doc.processed_at else "",
            f"pipeline {doc.pipeline_version}", doc.media_type or "unknown type"]
    out = ['<header class="top">\n<a class="back" href="../index.html">&larr; All documents</a>\n',
           f'<h1>{esc(doc.file_name)} {status_badge(doc.status)}</h1>\n',
           f'<p class="meta">{" · ".join(esc(m) for m in meta if m)}</p>\n',
           f'<p class="meta mono">doc {esc(doc.doc_id)} · {esc(doc.source_path)}</p>\n']
    if doc.error:
        label = "Failed" if doc.status == "failed" else "Problem"
        out.append(f'<p class="error-banner"><strong>{label}:</strong> {esc(doc.error)}</p>\n')
    out.append('</header>\n')
    return "".join(out)


def _toolbar(doc: DocumentRow) -> str:
    boxes = [("fields", "Fields", True, len(doc.fields)),
             ("items", "Line items", True, len(doc.line_items)),
             ("regions", "Regions", False, sum(len(p.regions) for p in doc.pages)),
             ("words", "Words", False, sum(len(p.words) for p in doc.pages))]
    toggles = "".join(
        f'<label><input type="checkbox" id="show-{key}"{" checked" if on else ""}> '
        f'{label} <span class="count">{count}</span></label>\n'
        for key, label, on, count in boxes)
    return (f'<div class="toolbar" role="group" aria-label="Show boxes">\n{toggles}'
            f'<span class="hint">Hover a box for its value; choose a row to find its box. '
            f'Dashed: confidence below {LOW_CONFIDENCE:.2f}.</span>\n</div>\n')


def _rect(x0: float, y0: float, x1: float, y1: float) -> str:
    return (f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{max(x1 - x0, 0.5):.2f}" '
            f'height="{max(y1 - y0, 0.5):.2f}"/>')


def _page(doc: DocumentRow, page: PageRow, image: str | None, field_ids: dict,
          item_ids: dict) -> str:
    w, h = page.width, page.height
    source = _TEXT_SOURCES.get(page.text_source, page.text_source)
    out = [f'<figure class="page-wrap" data-page="{page.page_no}">\n'
           f'<figcaption>Page {page.page_no} of {doc.page_count} · {esc(source)} · '
           f'{len(page.regions)} regions · {len(page.words)} words</figcaption>\n'
           '<div class="page">\n'
           f'<svg class="page-svg" viewBox="0 0 {w:.2f} {h:.2f}" '
           f'aria-label="Page {page.page_no}">\n'
           f'<rect class="paper" width="{w:.2f}" height="{h:.2f}"/>\n']
    if image:
        out.append(f'<image href="{esc(image)}" x="0" y="0" width="{w:.2f}" height="{h:.2f}" '
                   'preserveAspectRatio="none"/>\n')
    else:
        out.append(f'<text class="missing" x="{w / 2:.2f}" y="{h / 2:.2f}" '
                   f'font-size="{w / 40:.2f}">page image unavailable; boxes only</text>\n')
    out.append('<g class="layer regions">\n')
    for r in page.regions:
        out.append(f'<g class="region" data-tip="region {r.region_id}: {esc(r.label)} '
                   f'(score {r.score:.2f})">{_rect(r.x0, r.y0, r.x1, r.y1)}'
                   f'<text x="{r.x0 + 1:.2f}" y="{r.y0 - 1.5:.2f}">{esc(r.label)}</text></g>\n')
    out.append('</g>\n<g class="layer words">\n')
    for wd in page.words:
        low = " low" if is_low(wd.confidence) else ""
        out.append(f'<g class="word{low}" data-tip="{esc(wd.text)} · confidence '
                   f'{wd.confidence:.2f}">{_rect(wd.x0, wd.y0, wd.x1, wd.y1)}</g>\n')
    out.append('</g>\n<g class="layer items">\n')
    for item in doc.line_items:
        if item.grounded and item.page_no == page.page_no:
            tip = (f"line item {item.item_no}: {item.description or ''} · qty "
                   f"{decimal_text(item.quantity)} · amount {decimal_text(item.amount, 2)} · "
                   f"confidence {confidence(item.confidence)}")
            low = " low" if is_low(item.confidence) else ""
            out.append(f'<g class="item{low}" data-anchor="{esc(item_ids[id(item)])}" '
                       f'data-tip="{esc(tip)}">{_rect(item.x0, item.y0, item.x1, item.y1)}</g>\n')
    out.append('</g>\n<g class="layer fields">\n')
    for f in doc.fields:
        if f.grounded and f.page_no == page.page_no:
            out.append(_field_box(f, field_ids[id(f)]))
    out.append('</g>\n</svg>\n</div>\n</figure>\n')
    return "".join(out)


def _field_box(f: FieldRow, anchor: str) -> str:
    tip = f"{f.field}: {_shown(f)} · confidence {confidence(f.confidence)}"
    low = " low" if is_low(f.confidence) else ""
    return (f'<g class="field {colour_class(f.field)}{low}" data-anchor="{esc(anchor)}" '
            f'data-tip="{esc(tip)}">{_rect(f.x0, f.y0, f.x1, f.y1)}</g>\n')


def _shown(f: FieldRow) -> str:
    return f.value if f.value is not None else (f.text or "")


def _conf_cell(value: float | None) -> str:
    if is_low(value):
        return (f'<td class="num conf low" title="below {LOW_CONFIDENCE:.2f}">'
                f'&#9888; {confidence(value)}</td>')
    return f'<td class="num conf">{confidence(value)}</td>'


def _fields_table(doc: DocumentRow, field_ids: dict) -> str:
    if not doc.fields:
        return '<h2>Fields</h2>\n<p class="empty">No fields extracted.</p>\n'
    low = sum(is_low(f.confidence) for f in doc.fields)
    rows = []
    for f in doc.fields:
        anchor = field_ids[id(f)]
        name = (f'<a href="#{esc(anchor)}"><span class="swatch"></span>{esc(f.field)}</a>'
                if f.grounded else f'<span class="swatch"></span>{esc(f.field)}')
        printed = ("" if f.text in (None, f.value)
                   else f'<div class="printed">printed: {esc(f.text)}</div>')
        page = f"p.{f.page_no}" if f.grounded else '<span class="ungrounded">no box</span>'
        rows.append(f'<tr class="{colour_class(f.field)}{" low" if is_low(f.confidence) else ""}" '
                    f'data-target="{esc(anchor)}"><td class="name">{name}</td>'
                    f'<td class="value">{esc(_shown(f))}{printed}</td><td>{page}</td>'
                    f'{_conf_cell(f.confidence)}</tr>\n')
    note = f' <span class="warn">{low} low confidence</span>' if low else ""
    return (f'<h2>Fields <span class="count">{len(doc.fields)}</span>{note}</h2>\n'
            '<table class="fields-table"><thead><tr><th>Field</th><th>Value</th><th>Page</th>'
            f'<th>Conf.</th></tr></thead><tbody>\n{"".join(rows)}</tbody></table>\n')


def _items_table(doc: DocumentRow, item_ids: dict) -> str:
    if not doc.line_items:
        return '<h2>Line items</h2>\n<p class="empty">No line items.</p>\n'
    rows = []
    for item in doc.line_items:
        anchor = item_ids[id(item)]
        number = (f'<a href="#{esc(anchor)}">{item.item_no}</a>' if item.grounded
                  else str(item.item_no))
        low = "low" if is_low(item.confidence) else ""
        rows.append(f'<tr class="{low}" data-target="{esc(anchor)}">'
                    f'<td class="num">{number}</td><td>{esc(item.description)}</td>'
                    f'<td class="num">{esc(decimal_text(item.quantity))}</td>'
                    f'<td class="num">{esc(decimal_text(item.unit_price, 2))}</td>'
                    f'<td class="num">{esc(decimal_text(item.amount, 2))}</td>'
                    f'{_conf_cell(item.confidence)}</tr>\n')
    return (f'<h2>Line items <span class="count">{len(doc.line_items)}</span></h2>\n'
            '<table class="items-table"><thead><tr><th>#</th><th>Description</th><th>Qty</th>'
            '<th>Unit price</th><th>Amount</th><th>Conf.</th></tr></thead><tbody>\n'
            f'{"".join(rows)}</tbody></table>\n')


def _validations_table(doc: DocumentRow) -> str:
    if not doc.validations:
        return '<h2>Validations</h2>\n<p class="empty">No validation results.</p>\n'
    failed = len(doc.failed_rules)
    summary = (f'<span class="warn">{failed} failed</span>' if failed
               else '<span class="good">all passed</span>')
    rows = "".join(
        f'<tr class="{"pass" if v.passed else "fail"}"><td class="mark">'
        f'{"&#10003;" if v.passed else "&#10007;"}</td><td>{esc(v.rule)}</td>'
        f'<td>{esc(v.detail)}</td></tr>\n' for v in doc.validations)
    return (f'<h2>Validations <span class="count">{len(doc.validations)}</span> {summary}</h2>\n'
            '<table class="checks-table"><thead><tr><th></th><th>Rule</th><th>Detail</th></tr>'
            f'</thead><tbody>\n{rows}</tbody></table>\n')
