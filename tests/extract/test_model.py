import json

import numpy as np
import pytest
import torch
from transformers import AutoConfig, AutoModel

from docai.extract.configuration import DocaiFusionConfig
from docai.extract.dataset import align
from docai.extract.features import (CHARS_PER_WORD, collate, encode_page, encode_word,
                                   neighbour_indices, window)
from docai.extract.modeling import DocaiFusionModel, register_auto_classes
from docai.extract.network import (RELATIVE_BUCKETS, ColumnMaxPool, RelativePositionBias,
                                   load_members, load_network, region_image_encoder,
                                   word_image_encoder)
from docai.extract.tags import tag_names
from docai.geometry import Box
from docai.model import Page, PageImage, Region, Word


def small_page(with_image=True):
    """A page with two words; its image has ink where the words are."""
    words = [Word("Total", Box(300, 700, 340, 712), 1.0, 1), Word("€", Box(350, 700, 360, 712), 1.0, 1)]
    image = None
    if with_image:
        image = PageImage(np.full((842, 595, 3), 255, np.uint8), 1.0)
        image.pixels[700:712, 300:360] = 0
    return Page(1, 595, 842, words=words, regions=[Region(1, "text", 0.9, Box(290, 690, 400, 720))],
                image=image)


def test_words_encode_as_utf8_bytes_so_any_text_fits():
    ids = encode_word("€1.234,56")
    assert ids[:3].tolist() == [0xE2 + 1, 0x82 + 1, 0xAC + 1] and ids[10] != 0 and ids[11] == 0
    assert len(encode_word("x" * 100)) == CHARS_PER_WORD


def test_model_saves_and_loads_through_the_auto_classes(tmp_path):
    register_auto_classes()
    model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2)).eval()
    model.save_pretrained(tmp_path)
    assert AutoConfig.from_pretrained(tmp_path).model_type == "docai_fusion"
    loaded = AutoModel.from_pretrained(tmp_path).eval()
    inputs = collate([encode_page(small_page()), encode_page(small_page(with_image=False))])
    with torch.inference_mode():
        expected, got = model(**inputs), loaded(**inputs)
    assert got.tag_logits.shape == (2, 2, len(tag_names()))
    assert torch.allclose(expected.tag_logits, got.tag_logits)


def test_the_pipeline_loader_reads_the_same_network_without_transformers(tmp_path):
    torch.manual_seed(1)
    model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=2, num_heads=2)).eval()
    model.save_pretrained(tmp_path)
    network, config = load_network(tmp_path)
    inputs = collate([encode_page(small_page()), encode_page(small_page(with_image=False))])
    with torch.inference_mode():
        expected = model(**inputs)
        tag_logits, start_logits = network(**inputs)
    assert config["model_type"] == "docai_fusion" and not network.training
    assert torch.equal(expected.tag_logits, tag_logits)
    assert torch.equal(expected.start_logits, start_logits)


def test_switching_off_the_image_changes_the_prediction():
    model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2)).eval()
    inputs = collate([encode_page(small_page())])
    with torch.inference_mode():
        fused = model(**inputs).tag_logits
        blind = model(**{**inputs, "use_image": torch.tensor([False])}).tag_logits
    assert not torch.allclose(fused, blind)


def test_alignment_takes_the_tag_of_the_overlapped_truth_word_and_marks_item_starts():
    words = [Word("Widget", Box(50, 300, 100, 310)), Word("2", Box(300, 300, 308, 310)),
             Word("noise", Box(500, 500, 540, 510))]
    truth = [{"box": [49, 299, 101, 311], "tag": "line_item.description", "item": 0},
             {"box": [299, 299, 309, 311], "tag": "line_item.quantity", "item": 0},
             {"box": [10, 10, 20, 20], "tag": "total_amount"}]
    tags, starts = align(words, truth)
    names = tag_names()
    assert [names[t] for t in tags] == ["line_item.description", "line_item.quantity", "O"]
    assert starts.tolist() == [1, 0, -1]


def test_pages_of_a_set_without_word_truth_are_recorded_outside_every_field():
    from docai.extract.dataset import ExampleRecorder

    recorder = ExampleRecorder()
    recorder.truth = {"doc": "receipt", "fields": {"total_amount": 9.5}}  # a real set's truth
    examples = recorder.read_pages([small_page()])
    assert [e.doc for e in examples] == ["receipt"] and [w.text for w in examples[0].words] == [
        "Total", "€"]
    assert [tag_names()[t] for t in examples[0].tags] == ["O", "O"]


def test_predict_can_switch_either_modality_off():
    from docai.extract.dataset import Example
    from docai.extract.train import predict

    model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2)).eval()
    page = small_page()
    example = Example("d", "f", "train", "digital", 1, encode_page(page), np.zeros(2, np.int64),
                      np.full(2, -1), page.words, page.regions, 595, 842)
    fused = predict(model, [example])[0][1].probs
    text_only = predict(model, [example], use_image=False)[0][1].probs
    image_only = predict(model, [example], use_text=False)[0][1].probs
    assert fused.shape == (2, len(tag_names()))
    assert not np.allclose(fused, text_only) and not np.allclose(fused, image_only)


def test_each_word_sees_the_words_left_of_it_on_its_line_and_the_word_above():
    # "Invoice No. 42" on one line, "Date" above "No.", a far word on another line.
    boxes = np.array([[0.10, 0.20, 0.18, 0.22], [0.19, 0.20, 0.22, 0.22], [0.25, 0.20, 0.27, 0.22],
                      [0.18, 0.15, 0.23, 0.17], [0.70, 0.60, 0.80, 0.62]], np.float32)
    neighbours = neighbour_indices(boxes)
    assert neighbours[2].tolist() == [1, 0, -1]   # 42: left "No.", then "Invoice", nothing above
    assert neighbours[1].tolist() == [0, -1, 3]   # No.: left "Invoice", above "Date"
    assert neighbours[4].tolist() == [-1, -1, -1]


def test_a_window_of_a_page_drops_neighbours_outside_it():
    features = encode_page(small_page())
    assert features.neighbours[1, 0] == 0
    assert window(features, 1, 1).neighbours.tolist() == [[-1, -1, -1]]


def test_relative_offsets_bucket_by_sign_and_log_distance():
    offsets = torch.tensor([-1.0, -0.05, -0.001, 0.0, 0.001, 0.05, 1.0])
    buckets = RelativePositionBias.bucket(offsets).tolist()
    assert buckets[3] == RELATIVE_BUCKETS
    assert buckets == sorted(buckets) and buckets[0] == 0 and buckets[-1] == 2 * RELATIVE_BUCKETS
    assert [2 * RELATIVE_BUCKETS - b for b in buckets[4:]] == buckets[:3][::-1]


def test_padded_words_get_no_attention():
    bias = RelativePositionBias(heads=2)(torch.rand(1, 3, 4), torch.tensor([[False, False, True]]))
    assert bias.shape == (2, 3, 3) and (bias[:, :, 2] < -1e3).all() and (bias[:, :, :2] > -1e3).all()


def test_word_encoder_length_groups_give_the_full_width_convolution():
    torch.manual_seed(0)
    encoder = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2)).fusion.words.eval()
    texts = ["", "a", "Total", "Rechnungsnummer:", "DE123456789", "x" * 40, "€", "12.50"]
    ids = torch.from_numpy(np.stack([encode_word(t) for t in texts]))[None]
    with torch.inference_mode():
        grouped = encoder(ids)[0]
        full = torch.relu(encoder.conv(encoder.embed(ids[0]).transpose(1, 2)))
        full = full.masked_fill(ids[0][:, None, :] == 0, -1e4).amax(dim=2)
        full = encoder.out(torch.where(full < -1e3, torch.zeros_like(full), full))
    assert torch.allclose(grouped, full, atol=1e-6)


def test_column_max_pool_matches_adaptive_max_pool():
    x = torch.randn(5, 16, 3, 12)
    expected = torch.nn.AdaptiveMaxPool2d((1, 4))(x)
    assert torch.equal(ColumnMaxPool(4)(x), expected)


def encoder_and_crops(make, count: int):
    """A fresh crop encoder (eval mode) and a batch of two pages' random crops of its size."""
    torch.manual_seed(0)
    size = (12, 48) if make is word_image_encoder else (64, 64)
    return make(32).eval(), torch.randint(0, 256, (2, count, *size), dtype=torch.uint8), size


@pytest.mark.parametrize("make", [word_image_encoder, region_image_encoder])
def test_crop_encoders_give_the_plain_layout_values(make):
    # The encoders hand their convolutions channels-last input for speed; same values.
    encoder, crops, size = encoder_and_crops(make, 7)
    with torch.inference_mode():
        plain = 1.0 - crops.view(14, 1, *size).float() / 255.0
        expected = encoder.out(encoder.cnn(plain).flatten(1)).view(2, 7, -1)
        assert torch.equal(encoder(crops), expected)


@pytest.mark.parametrize("make", [word_image_encoder, region_image_encoder])
def test_crop_encoders_encode_only_the_kept_crops(make):
    encoder, crops, _ = encoder_and_crops(make, 5)
    keep = torch.tensor([[True, True, False, True, False], [False] * 5])
    with torch.inference_mode():
        every, kept = encoder(crops), encoder(crops, keep)
    assert torch.allclose(kept[keep], every[keep], atol=1e-6)
    assert not kept[~keep].any()


def test_skipping_the_crops_of_padding_and_switched_off_images_changes_no_real_token():
    torch.manual_seed(0)
    model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=2, num_heads=2)).eval()
    larger = small_page()
    larger.words = larger.words + [Word("Net", Box(100, 100, 130, 112), 1.0, 2)]
    larger.regions = larger.regions + [Region(2, "title", 0.9, Box(90, 90, 200, 120))]
    inputs = collate([encode_page(small_page()), encode_page(larger)])
    real = inputs["word_mask"]
    with torch.inference_mode():
        for use_image in ([True, True], [False, True]):
            batch = {**inputs, "use_image": torch.tensor(use_image)}
            skipped = model(**batch)
            for encoder in (model.fusion.word_image, model.fusion.region_image):
                encoder.forward = lambda crops, keep=None, plain=encoder.forward: plain(crops)
            every = model(**batch)
            del model.fusion.word_image.forward, model.fusion.region_image.forward
            assert torch.allclose(skipped.tag_logits[real], every.tag_logits[real], atol=1e-5)
            assert torch.allclose(skipped.start_logits[real], every.start_logits[real], atol=1e-5)


def test_the_shipped_checkpoint_loads_in_a_worker_without_importing_transformers():
    import subprocess
    import sys

    # Workers load the model at start-up; transformers' import costs ~6 s of CPU per process.
    probe = ("import sys; from docai.extract.extractor import FusionExtractor; "
             "reader = FusionExtractor(); "
             "print(reader.name, len(reader.tags), 'transformers' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    name, tags, imported = result.stdout.split()
    assert name.startswith("docai-fusion-") and int(tags) == len(tag_names())
    assert imported == "False"


def _two_members(folder):
    """Two small saved models with distinct versions and a training record; their folders and
    the models."""
    paths, models = [], []
    for seed in (0, 1):
        torch.manual_seed(seed)
        model = DocaiFusionModel(DocaiFusionConfig(hidden_size=32, num_layers=1, num_heads=2,
                                                   model_version=f"member-{seed}")).eval()
        path = folder / f"member-{seed}"
        model.save_pretrained(path)
        (path / "training.json").write_text(json.dumps({"settings": {"validation_share": 1.0}}))
        paths.append(path)
        models.append(model)
    return paths, models


def _ensemble_of_two(folder):
    """Two small saved models and an ensemble.json naming them; returns the models."""
    paths, models = _two_members(folder)
    (folder / "ensemble.json").write_text(json.dumps({
        "model_version": "docai-fusion-test", "members": [path.name for path in paths],
        "confidence_scale": 0.5, "confidence_shift": 0.25}))
    return models


def test_an_ensemble_checkpoint_loads_every_member_with_the_ensembles_version(tmp_path):
    _ensemble_of_two(tmp_path)
    networks, config = load_members(tmp_path)
    assert len(networks) == 2 and config["model_version"] == "docai-fusion-test"
    assert (config["confidence_scale"], config["confidence_shift"]) == (0.5, 0.25)
    single, single_config = load_members(tmp_path / "member-0")
    assert len(single) == 1 and single_config["model_version"] != "docai-fusion-test"


def test_the_extractor_averages_the_members_probabilities(tmp_path):
    from docai.extract.extractor import FusionExtractor

    models = _ensemble_of_two(tmp_path)
    features = [encode_page(small_page())]
    with torch.inference_mode():
        outputs = [model(**collate(features)) for model in models]
    expected_tags = torch.stack([o.tag_logits.softmax(-1) for o in outputs]).mean(0)[0]
    expected_starts = torch.stack([o.start_logits.sigmoid() for o in outputs]).mean(0)[0]
    reader = FusionExtractor(tmp_path, device="cpu")
    [(probs, starts)] = reader.tag_features(features)
    assert reader.name == "docai-fusion-test"
    assert np.allclose(probs, expected_tags.numpy(), atol=1e-6)
    assert np.allclose(starts, expected_starts.numpy(), atol=1e-6)
    assert not np.allclose(probs, outputs[0].tag_logits.softmax(-1)[0].numpy(), atol=1e-3)


def test_docai_train_ensemble_copies_the_members_and_calibrates_their_mean(tmp_path):
    from docai.extract.dataset import Example
    from docai.extract.ensemble import ensemble

    runs, _ = _two_members(tmp_path)
    page = small_page()
    examples = [Example(f"doc{i}", "family", "train", "digital", 1, encode_page(page),
                        np.zeros(2, np.int64), np.full(2, -1, np.int64), page.words,
                        page.regions, page.width, page.height) for i in range(3)]
    truths = {f"doc{i}": {"fields": {"total_amount": "5.00"}} for i in range(3)}
    record = ensemble(runs, examples, truths, tmp_path / "out", "ensemble-test", report=str)
    networks, config = load_members(tmp_path / "out")
    assert len(networks) == 2 and record["members"] == ["member-0", "member-1"]
    assert config["model_version"] == "ensemble-test" and record["validation_pages"] == 3
    assert 0.0 <= record["val_field_accuracy"] <= 1.0
    with pytest.raises(ValueError):
        ensemble([runs[0], runs[0]], examples, truths, tmp_path / "again", "x", report=str)
