from dataclasses import replace

import numpy as np
import torch
from torch import nn

from docai.extract.configuration import DocaiFusionConfig
from docai.extract.distill import Teacher, distillation_loss
from docai.extract.extractor import FusionExtractor, default_checkpoint
from docai.extract.features import collate, encode_page
from docai.extract.modeling import DocaiFusionModel
from docai.extract.tags import tag_names
from docai.extract.train import TrainSettings, train
from tests.extract.test_model import small_page
from tests.extract.test_train import one_example


def test_a_teacher_sure_of_the_labels_teaches_what_the_labels_do():
    torch.manual_seed(0)
    count = len(tag_names())
    tag_logits, start_logits = torch.randn(2, 5, count), torch.randn(2, 5)
    tags = torch.randint(0, count, (2, 5))
    starts = torch.tensor([[1, 0, -1, 1, 0], [-1, -1, 1, 0, 0]])
    word_mask = torch.tensor([[True] * 5, [True, True, True, False, False]])
    weights = torch.rand(count) + 0.1
    batch = {"word_mask": word_mask, "tags": tags, "starts": starts}
    taught = distillation_loss(tag_logits, start_logits, nn.functional.one_hot(tags, count).float(),
                               starts.clamp(min=0).float(), batch, weights)
    items = word_mask & (starts >= 0)
    labelled = (nn.functional.cross_entropy(tag_logits[word_mask], tags[word_mask], weight=weights)
                + nn.functional.binary_cross_entropy_with_logits(start_logits[items],
                                                                 starts[items].float()))
    assert torch.allclose(taught, labelled)


def test_the_teacher_averages_its_members_as_the_extractor_does():
    pages = [encode_page(small_page()), encode_page(small_page(with_image=False))]
    tags, starts = Teacher(default_checkpoint(), "cpu")(collate(pages))
    extracted = FusionExtractor(device="cpu").tag_features(pages)
    for row, (probs, start_probs) in enumerate(extracted):
        assert np.allclose(tags[row, :2].numpy(), probs, atol=1e-6)
        assert np.allclose(starts[row, :2].numpy(), start_probs, atol=1e-6)


def test_a_student_taught_only_by_its_teacher_follows_the_teacher_not_the_labels(tmp_path):
    # The teacher learned to read "€" as the vendor's name; the student's labels say currency.
    vendor, currency = tag_names().index("vendor_name"), tag_names().index("currency")
    example = one_example()
    settings = {"hidden_size": 32, "num_layers": 1, "epochs": 30, "learning_rate": 1e-2,
                "validation_share": 0.0, "device": "cpu", "stretch": 0.0, "misread": 0.0}
    teacher_example = replace(example, tags=np.array([0, vendor], np.int64))
    train([teacher_example], {}, tmp_path / "teacher", TrainSettings(**settings),
          report=lambda _: None)
    for weight, expected in ((1.0, vendor), (0.0, currency)):
        out = tmp_path / f"student-{weight}"
        train([example], {}, out, TrainSettings(teacher=str(tmp_path / "teacher"),
                                                distill_weight=weight, seed=1, **settings),
              report=lambda _: None)
        student = DocaiFusionModel.from_pretrained(out).eval()
        with torch.inference_mode():
            logits = student(**collate([example.features])).tag_logits
        assert logits[0, 1].argmax().item() == expected


def test_a_teacher_must_tag_the_same_fields(tmp_path):
    teacher = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1,
                                                 tags=["O", "invoice_number"]))
    teacher.save_pretrained(tmp_path / "teacher")
    try:
        train([one_example()], {}, tmp_path / "student", TrainSettings(
            hidden_size=32, num_layers=1, epochs=1, validation_share=0.0, device="cpu",
            teacher=str(tmp_path / "teacher")), report=lambda _: None)
    except ValueError as error:
        assert "tags other fields" in str(error)
    else:
        raise AssertionError("a teacher with other tags was accepted")
