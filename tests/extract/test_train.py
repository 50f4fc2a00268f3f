from dataclasses import replace

import numpy as np
import torch

from docai.extract.configuration import DocaiFusionConfig
from docai.extract.dataset import IGNORE, Example
from docai.extract.features import encode_page
from docai.extract.modeling import DocaiFusionModel
from docai.extract.tags import tag_names
from docai.extract.train import TrainSettings, train
from tests.extract.test_model import small_page


def one_example():
    page = small_page()
    tags = np.array([0, tag_names().index("currency")], np.int64)
    return Example("doc-1", "family", "train", "digital", 1, encode_page(page), tags,
                   np.full(2, IGNORE, np.int64), page.words, page.regions, page.width, page.height)


def weights(model):
    return {name: value.clone() for name, value in model.state_dict().items()}


def test_fine_tuning_starts_from_the_given_checkpoint_and_fresh_training_does_not(tmp_path):
    torch.manual_seed(1)
    base = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2))
    base.save_pretrained(tmp_path / "base")
    # A zero learning rate leaves the starting weights as they are, so the saved model shows them.
    settings = dict(epochs=1, learning_rate=0.0, validation_share=0.0, device="cpu",
                    model_version="tuned-1")
    train([one_example()], {}, tmp_path / "tuned",
          TrainSettings(init_from=str(tmp_path / "base"), **settings), report=lambda _: None)
    train([one_example()], {}, tmp_path / "fresh",
          TrainSettings(hidden_size=32, num_layers=1, **settings), report=lambda _: None)
    tuned = DocaiFusionModel.from_pretrained(tmp_path / "tuned")
    fresh = DocaiFusionModel.from_pretrained(tmp_path / "fresh")
    expected = weights(base)
    assert tuned.config.model_version == "tuned-1" and tuned.config.num_heads == 2
    assert all(torch.equal(expected[name], value) for name, value in weights(tuned).items())
    assert not all(torch.equal(expected[name], value) for name, value in weights(fresh).items())


def test_validation_scores_from_the_given_epoch_on_and_the_checkpoint_is_a_scored_one(tmp_path):
    # The document name's hash sends doc-a to training and doc-b to validation at share 0.5.
    examples = [replace(one_example(), doc=name) for name in ("doc-a", "doc-b")]
    truths = {name: {"fields": {"currency": "EUR"}} for name in ("doc-a", "doc-b")}
    runs = [train(examples, truths, tmp_path / str(first), TrainSettings(
        hidden_size=32, num_layers=1, epochs=3, validate_from=first, validation_share=0.5,
        device="cpu"), report=lambda _: None) for first in (3, 1)]
    late, every = runs
    assert (late["train_pages"], late["validation_pages"]) == (1, 1)
    scores = [row["val_field_accuracy"] for row in late["history"]]
    assert scores[:2] == [None, None] and scores[2] == late["best_val_field_accuracy"] >= 0
    assert None not in [row["val_field_accuracy"] for row in every["history"]]
    # Scoring draws no random numbers: the training is the same either way.
    assert [row["train_loss"] for row in late["history"]] == [
        row["train_loss"] for row in every["history"]]
    assert (tmp_path / "3" / "model.safetensors").exists()
