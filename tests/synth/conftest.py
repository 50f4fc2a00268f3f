import pytest

from docai.synth.corpus import CorpusSpec, generate_document
from docai.synth.families import ALL_FAMILIES


@pytest.fixture(scope="session")
def one_per_family(tmp_path_factory):
    """One digital document per family (and language rotating), with its ground truth."""
    out = tmp_path_factory.mktemp("synth_digital")
    for folder in ("pdf", "images", "gt"):
        (out / folder).mkdir()
    docs = []
    for index, name in enumerate(ALL_FAMILIES):
        spec = CorpusSpec(out, 1, seed=7, families=(name,), scanned_share=0.0)
        docs.append(generate_document(spec, index))
    return out, docs
