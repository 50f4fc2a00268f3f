"""The typed `invoices` view, generated from schemas/invoice.schema.json so field names and
types have one source of truth."""

from __future__ import annotations

from docai.extract.fields import field_kind, field_names

_SQL_TYPES = {"date": "DATE", "amount": "DECIMAL(18, 2)", "quantity": "DECIMAL(18, 4)"}


def invoices_view_sql() -> str:
    columns = []
    for name in field_names():  # names come from our own schema file, never from input
        value = f"max(f.value) FILTER (WHERE f.field = '{name}')"
        sql_type = _SQL_TYPES.get(field_kind(name))
        columns.append(f"TRY_CAST({value} AS {sql_type}) AS {name}" if sql_type
                       else f"{value} AS {name}")
    return ("CREATE OR REPLACE VIEW invoices AS\n"
            "SELECT d.doc_id, d.file_name, d.status,\n    "
            + ",\n    ".join(columns)
            + ",\n    min(f.confidence) AS min_confidence\n"
            "FROM documents d LEFT JOIN fields f USING (doc_id)\n"
            "GROUP BY d.doc_id, d.file_name, d.status")
