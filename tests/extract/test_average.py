import pytest
import torch

from docai.extract.average import average
from docai.extract.modeling import DocaiFusionModel
from docai.extract.train import TrainSettings, train
from tests.extract.test_train import one_example


def run(folder, seed, hidden=32):
    train([one_example()], {}, folder, TrainSettings(hidden_size=hidden, num_layers=1, epochs=1,
                                                     seed=seed, validation_share=0.0, device="cpu"),
          report=lambda _: None)
    return folder


def test_the_average_of_runs_holds_the_mean_of_their_weights(tmp_path):
    runs = [run(tmp_path / "run1", 1), run(tmp_path / "run2", 2)]
    record = average(runs, [one_example()], {}, tmp_path / "avg", "avg-1", report=lambda _: None)
    first, second, averaged = (DocaiFusionModel.from_pretrained(path)
                               for path in (*runs, tmp_path / "avg"))
    one, two = first.state_dict(), second.state_dict()
    assert not torch.equal(one["fusion.tag_head.weight"], two["fusion.tag_head.weight"])
    for name, value in averaged.state_dict().items():
        if value.is_floating_point():
            assert torch.allclose(value, (one[name] + two[name]) / 2)
    assert averaged.config.model_version == "avg-1"
    assert [r["seed"] for r in record["averaged"]] == [1, 2]


def test_runs_of_different_shapes_are_not_averaged(tmp_path):
    runs = [run(tmp_path / "wide", 1, hidden=32), run(tmp_path / "narrow", 1, hidden=16)]
    with pytest.raises(ValueError, match="architecture"):
        average(runs, [one_example()], {}, tmp_path / "avg", "avg-1", report=lambda _: None)
