"""Render evaluation results as a plain-text table or JSON."""
from __future__ import annotations

import json

from docai.evaluation.scoring import ALL, SourceStats


def to_json(stats: dict[str, SourceStats], meta: dict) -> str:
    return json.dumps({**meta, "sources": {k: v.summary() for k, v in stats.items()}}, ensure_ascii=False, indent=1)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def to_text(stats: dict[str, SourceStats], meta: dict, per_source_fields: bool = True) -> str:
    """One block per source: a row per field (n, correct, missing, wrong, accuracy %, grounded %) and line items."""
    out = [f"set: {meta['set']}   database: {meta['db']}   documents: {meta['documents']} "
           f"(in database: {meta['processed']})"]
    out += [f"note: {note}" for note in meta.get("notes", [])]
    header = f"  {'field':18} {'n':>5} {'correct':>7} {'missing':>7} {'wrong':>6} {'extra':>6} {'acc%':>6} {'grnd%':>6}"
    for source, source_stats in stats.items():
        summary = source_stats.summary()
        out.append("")
        out.append(f"[{source}] documents: {summary['documents']}")
        fields = summary["fields"]
        names = list(fields) if per_source_fields or source == ALL else [ALL]
        out.append(header)
        for name in names:
            f = fields[name]
            out.append(f"  {name:18} {f['n']:>5} {f['correct']:>7} {f['missing']:>7} {f['wrong']:>6} {f['extra']:>6} "
                       f"{_pct(f['accuracy']):>6} {_pct(f['grounded_share']):>6}")
        items = summary["line_items"]
        if items:
            out.append(f"  line items: rows {items['truth_rows']} (predicted {items['predicted_rows']}), "
                       f"cell accuracy {_pct(items['cell_accuracy'])}%, exact rows {_pct(items['row_accuracy'])}%")
    return "\n".join(out)


def reliability_text(rows: list[dict]) -> str:
    out = ["", "reliability (predicted values by confidence):",
           f"  {'confidence':14} {'predicted':>9} {'correct':>7} {'acc%':>6}"]
    out += [f"  {r['bin']:14} {r['predicted']:>9} {r['correct']:>7} {_pct(r['accuracy']):>6}"
            for r in rows]
    return "\n".join(out)


def _cell(value, width: int) -> str:
    text = "-" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def errors_text(rows: list[dict]) -> str:
    """One line per value not read right: document, field, what went wrong, truth, prediction."""
    out = ["", f"values not read right ({len(rows)}):",
           f"  {'document':24} {'field':16} {'problem':10} {'truth':32} {'predicted':32} conf"]
    out += [f"  {_cell(r['doc'], 24):24} {r['field']:16} {r['problem']:10} "
            f"{_cell(r['truth'], 32):32} {_cell(r['predicted'], 32):32} "
            f"{'-' if r['confidence'] is None else format(r['confidence'], '.2f')}" for r in rows]
    return "\n".join(out)


def markdown_table(stats: dict[str, SourceStats]) -> str:
    """Per-source summary as a Markdown table (for the README figures)."""
    rows = ["| source | docs | field accuracy % | grounded % | line-item cells % | exact rows % |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for source, source_stats in stats.items():
        summary = source_stats.summary()
        overall = summary["fields"].get(ALL, {})
        items = summary["line_items"] or {}
        rows.append(f"| {source} | {summary['documents']} | {_pct(overall.get('accuracy'))} | "
                    f"{_pct(overall.get('grounded_share'))} | {_pct(items.get('cell_accuracy'))} | "
                    f"{_pct(items.get('row_accuracy'))} |")
    return "\n".join(rows)
