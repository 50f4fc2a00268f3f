"""The layout model gives the same regions on OpenVINO and on ONNX Runtime."""

import subprocess
import sys

import numpy as np
import pytest

from docai.layout.detector import RapidLayoutEngine, choose_runtime
from tests.documents import page_rgb, text_pdf

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def page_pixels(tmp_path_factory):
    return page_rgb(text_pdf(tmp_path_factory.mktemp("layout") / "page.pdf"), dpi=96)


def test_auto_picks_openvino_when_installed():
    assert choose_runtime("auto") == "openvino"
    assert choose_runtime("onnxruntime") == "onnxruntime"


def test_both_runtimes_find_the_same_regions(page_pixels):
    found = {runtime: RapidLayoutEngine(1, runtime=runtime).detect(page_pixels)
             for runtime in ("openvino", "onnxruntime")}
    assert found["onnxruntime"], "the test page should have regions"
    assert [r.label for r in found["openvino"]] == [r.label for r in found["onnxruntime"]]
    for ours, theirs in zip(found["openvino"], found["onnxruntime"]):
        assert ours.score == pytest.approx(theirs.score, abs=1e-3)
        assert np.allclose([ours.box.x0, ours.box.y0, ours.box.x1, ours.box.y1],
                           [theirs.box.x0, theirs.box.y0, theirs.box.x1, theirs.box.y1], atol=0.5)


def test_openvino_runtime_reaches_out_to_nothing():
    # Every socket connection attempt is recorded (and refused) while the engine loads and runs.
    code = """
import socket, sys
import numpy as np
attempts = []
def refuse(self, address, *args):
    attempts.append(address)
    raise OSError("network disabled in this test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
from docai.layout.detector import RapidLayoutEngine
RapidLayoutEngine(1, runtime="openvino").detect(np.full((842, 595, 3), 255, np.uint8))
print(attempts)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
