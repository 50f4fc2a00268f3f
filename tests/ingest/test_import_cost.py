import subprocess
import sys


def test_pymupdf_layout_model_is_not_loaded_in_docai_processes():
    code = ("import docai.ingest.source, sys; "
            "print(sorted(m for m in sys.modules if m.startswith('pymupdf.layout') "
            "and sys.modules[m] is not None))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
