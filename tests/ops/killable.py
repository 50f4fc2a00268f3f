"""`docai ...` that stops in the middle of storing a document so that a test can kill it there:
`python -m tests.ops.killable N docai-args...` prints `storing <doc_id>` and sleeps when the
Nth document's words are inserted, inside its transaction."""

import sys
import time

from docai.cli import main
from docai.store import database

if __name__ == "__main__":
    stop_at = int(sys.argv[1])
    insert = database.Store._insert_columns
    written = []

    def insert_then_hang(self, table, columns):
        insert(self, table, columns)
        if table == "words":
            written.append(columns["doc_id"][0])
            if len(written) == stop_at:
                print(f"storing {written[-1]}", flush=True)
                time.sleep(600)

    database.Store._insert_columns = insert_then_hang
    sys.exit(main(sys.argv[2:]))
