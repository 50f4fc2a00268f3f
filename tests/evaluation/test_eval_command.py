import argparse
import json

import duckdb
import pytest

from docai.evaluation.command import add_parser
from docai.evaluation.groundtruth import load_truth
from docai.synth.corpus import CorpusSpec, generate_corpus


@pytest.fixture(scope="module")
def synthetic_set(tmp_path_factory):
    out = tmp_path_factory.mktemp("evalset")
    generate_corpus(CorpusSpec(out, 2, seed=5, families=("classic_letterhead",), scanned_share=0.0))
    return out


def _parse(argv):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["eval", *argv])


def _database(path, truth, with_fields=True):
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE documents(doc_id VARCHAR PRIMARY KEY, source_path VARCHAR, file_name VARCHAR)")
    if with_fields:
        con.execute("CREATE TABLE fields(doc_id VARCHAR, field VARCHAR, value VARCHAR, text VARCHAR, page_no INTEGER,"
                    " x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE, confidence DOUBLE, region_id INTEGER,"
                    " extractor VARCHAR, run_id VARCHAR)")
        con.execute("CREATE TABLE line_items(doc_id VARCHAR, item_no INTEGER, description VARCHAR, quantity DOUBLE,"
                    " unit_price DOUBLE, amount DOUBLE, page_no INTEGER, x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE,"
                    " confidence DOUBLE)")
    first = truth[0]
    for doc in truth[:1] if with_fields else truth:
        con.execute("INSERT INTO documents VALUES (?, ?, ?)", [doc.doc_id, str(doc.path), doc.path.name])
    if with_fields:
        box = first.field_boxes["total_amount"]
        rows = [  # right and grounded; right but boxed elsewhere; wrong; (everything else missing)
            ("total_amount", str(first.fields["total_amount"]), box["page"], box["box"]),
            ("invoice_number", first.fields["invoice_number"], 1, [0, 0, 5, 5]),
            ("vendor_name", "Somebody Else Ltd", 1, [0, 0, 5, 5]),
        ]
        for name, value, page, (x0, y0, x1, y1) in rows:
            con.execute("INSERT INTO fields VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0.9, NULL, 'test', 'r1')",
                        [first.doc_id, name, value, value, page, x0, y0, x1, y1])
        for number, item in enumerate(first.line_items):
            con.execute("INSERT INTO line_items VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0, 1, 1, 0.9)",
                        [first.doc_id, number, item["description"], item["quantity"], item["unit_price"], item["amount"]])
    con.close()


def test_scores_hand_made_predictions(synthetic_set, tmp_path, capsys):
    truth = load_truth(synthetic_set)
    db = tmp_path / "preds.duckdb"
    _database(db, truth)
    args = _parse([str(synthetic_set), "--db", str(db), "--no-run", "--json"])
    assert args.handler(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["processed"] == 1 and report["documents"] == 2
    fields = report["sources"]["all"]["fields"]
    assert fields["total_amount"]["correct"] == 1 and fields["total_amount"]["grounded"] == 1
    assert fields["invoice_number"]["correct"] == 1 and fields["invoice_number"]["grounded"] == 0
    assert fields["vendor_name"]["wrong"] == 1
    n_truth = sum(len(doc.fields) for doc in truth)
    assert fields["all"]["n"] == n_truth and fields["all"]["missing"] == n_truth - 3
    items = report["sources"]["all"]["line_items"]
    assert items["correct_cells"] == sum(1 for row in truth[0].line_items for v in row.values() if v is not None)
    assert items["exact_rows"] == len(truth[0].line_items)


def test_missing_tables_mean_missing_predictions(synthetic_set, tmp_path, capsys):
    truth = load_truth(synthetic_set)
    db = tmp_path / "empty.duckdb"
    _database(db, truth, with_fields=False)
    args = _parse([str(synthetic_set), "--db", str(db), "--no-run", "--fields", "total_amount,invoice_date"])
    assert args.handler(args) == 0
    text = capsys.readouterr().out
    assert "table 'fields' not in the database" in text
    assert "vendor_name" not in text
    row = next(line for line in text.splitlines() if line.strip().startswith("total_amount"))
    assert row.split()[1:4] == ["2", "0", "2"]  # n, correct, missing


def test_unknown_field_is_an_error(synthetic_set, tmp_path):
    args = _parse([str(synthetic_set), "--db", str(tmp_path / "x.duckdb"), "--no-run", "--fields", "colour"])
    assert args.handler(args) == 2


def test_errors_list_every_value_not_read_right(synthetic_set, tmp_path, capsys):
    truth = load_truth(synthetic_set)
    db = tmp_path / "preds.duckdb"
    _database(db, truth)
    args = _parse([str(synthetic_set), "--db", str(db), "--no-run", "--json", "--errors"])
    assert args.handler(args) == 0
    errors = json.loads(capsys.readouterr().out)["errors"]
    first = truth[0]
    by_field = {e["field"]: e for e in errors if e["doc"] == first.doc}
    assert "total_amount" not in by_field  # right and grounded
    assert by_field["invoice_number"]["problem"] == "ungrounded"
    assert by_field["vendor_name"] == {
        "source": first.source, "doc": first.doc, "field": "vendor_name", "problem": "wrong",
        "truth": first.fields["vendor_name"], "predicted": "Somebody Else Ltd", "confidence": 0.9}
    assert by_field["invoice_date"]["problem"] == "missing"
    n_truth = sum(len(doc.fields) for doc in truth)
    assert len(errors) == n_truth - 1

    args = _parse([str(synthetic_set), "--db", str(db), "--no-run", "--errors", "--summary"])
    assert args.handler(args) == 0
    text = capsys.readouterr().out
    assert f"values not read right ({n_truth - 1}):" in text
    line = next(row for row in text.splitlines() if "Somebody Else Ltd" in row)
    assert line.split()[1:3] == ["vendor_name", "wrong"] and line.endswith("0.90")
