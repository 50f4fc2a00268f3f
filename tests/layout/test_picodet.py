"""Our PP-Layout pre- and post-processing give the library's own output bit for bit."""

import numpy as np
import pytest
from rapid_layout.model_handler.pp.post_process import PPPostProcess
from rapid_layout.model_handler.pp.pre_process import PPPreProcess

from docai.layout.detector import RapidLayoutEngine
from docai.layout.picodet import TablePreprocess, ThresholdedPostprocess
from tests.documents import page_rgb, text_pdf

LABELS = ["text", "title", "figure", "figure_caption", "table", "table_caption", "header",
          "footer", "reference", "equation"]
INPUT_SIZE = (800, 608)
GRID = [(100, 76), (50, 38), (25, 19), (13, 10)]  # anchors per level at strides 8 to 64


@pytest.fixture(scope="module")
def page_pixels(tmp_path_factory):
    return page_rgb(text_pdf(tmp_path_factory.mktemp("layout") / "page.pdf"), dpi=96)


def fake_predictions(rng, score_scale: float) -> list[np.ndarray]:
    """Scores and box distributions shaped as the model's outputs for one 800 x 608 input."""
    scores = [rng.random((1, h * w, len(LABELS)), dtype=np.float32) ** score_scale
              for h, w in GRID]
    distributions = [rng.normal(0, 2, (1, h * w, 32)).astype(np.float32) for h, w in GRID]
    return scores + distributions


def test_preprocess_matches_the_library(page_pixels):
    library = PPPreProcess(INPUT_SIZE)
    ours = TablePreprocess(library)(page_pixels)
    theirs = library(page_pixels)
    assert ours.dtype == theirs.dtype == np.float32
    assert np.array_equal(ours, theirs)


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.9])
@pytest.mark.parametrize("score_scale", [1.0, 30.0])  # many anchors pass, or a few dozen
def test_postprocess_matches_the_library(threshold, score_scale):
    rng = np.random.default_rng(int(threshold * 10 + score_scale))
    library = PPPostProcess(LABELS, threshold, 0.5)
    image = np.zeros((1, 3, *INPUT_SIZE), np.float32)
    predictions = fake_predictions(rng, score_scale)
    theirs = library((1056, 816), image, predictions)
    assert theirs[0], "the predictions should give boxes"
    assert ThresholdedPostprocess(library)((1056, 816), image, predictions) == theirs


def test_postprocess_with_nothing_over_the_threshold():
    library = PPPostProcess(LABELS, 0.5, 0.5)
    predictions = fake_predictions(np.random.default_rng(0), 1.0)
    for scores in predictions[:4]:
        scores *= 0.4
    image = np.zeros((1, 3, *INPUT_SIZE), np.float32)
    assert ThresholdedPostprocess(library)((1056, 816), image, predictions) == ([], [], [])
    assert library((1056, 816), image, predictions) == ([], [], [])


def test_the_engine_uses_both_and_finds_the_library_regions(page_pixels):
    engine = RapidLayoutEngine(1)
    handler = engine._engine.model_handler.model_processors
    assert isinstance(handler.pp_preprocess, TablePreprocess)
    assert isinstance(handler.pp_postprocess, ThresholdedPostprocess)
    image = handler.preprocess(page_pixels)
    predictions = handler.session(image)
    ours = handler.postprocess(page_pixels.shape[:2], image, predictions)
    library = handler.pp_postprocess._library
    assert ours[0], "the test page should have regions"
    assert ours == library(page_pixels.shape[:2], image, predictions)
