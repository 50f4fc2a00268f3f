"""A short Markdown summary of the report, for a Prefect artifact or a chat message.

The library never imports prefect; a flow publishes this text itself."""

from __future__ import annotations

from pathlib import Path

from docai.report import data
from docai.report.markup import LOW_CONFIDENCE
from docai.store import Store

_LISTED = 10  # failed documents named in the summary


def summary_markdown(db: Path, index: Path) -> str:
    with Store(db, read_only=True) as store:
        con = store.con
        if not data.has_schema(con):
            return f"**docai report**: [{index}]({index.resolve().as_uri()}) (empty database)"
        counts = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status")
                      .fetchall())
        low = con.execute("SELECT count(DISTINCT doc_id) FROM fields WHERE confidence < ?",
                          [LOW_CONFIDENCE]).fetchone()[0]
        checks = con.execute("SELECT count(DISTINCT doc_id) FROM validations WHERE NOT passed"
                             ).fetchone()[0]
        failed = con.execute("SELECT file_name, error FROM documents WHERE status = ? "
                             "ORDER BY file_name LIMIT ?", ["failed", _LISTED]).fetchall()
    total = sum(counts.values())
    lines = [f"**docai report**: [{index}]({index.resolve().as_uri()})", "",
             "| documents | ok | partial | failed | low confidence | failed checks |",
             "|---:|---:|---:|---:|---:|---:|",
             f"| {total} | {counts.get('ok', 0)} | {counts.get('partial', 0)} | "
             f"{counts.get('failed', 0)} | {low} | {checks} |"]
    if failed:
        lines += ["", "Failed documents:"]
        lines += [f"- `{_md_code(name)}`: {_md_text(error)}" for name, error in failed]
        if counts.get("failed", 0) > len(failed):
            lines.append(f"- … and {counts['failed'] - len(failed)} more")
    return "\n".join(lines) + "\n"


def _md_code(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")


def _md_text(text: str | None) -> str:
    """Markdown-neutral: artifact viewers render Markdown, and document text is untrusted."""
    plain = (text or "").replace("\n", " ")[:300]
    for char in "\\`*_[]<>|#!":
        plain = plain.replace(char, "\\" + char)
    return plain
