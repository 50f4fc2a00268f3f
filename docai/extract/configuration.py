"""Configuration of the docai fusion model, a transformers PretrainedConfig."""

from __future__ import annotations

from transformers import PretrainedConfig

from docai.extract.features import CHARS_PER_WORD, CROP_SIZE
from docai.extract.tags import REGION_LABELS, tag_names


class DocaiFusionConfig(PretrainedConfig):
    model_type = "docai_fusion"

    def __init__(self, hidden_size: int = 128, num_layers: int = 4, num_heads: int = 4,
                 char_embedding_size: int = 48, max_words: int = 512,
                 chars_per_word: int = CHARS_PER_WORD, crop_size: int = CROP_SIZE,
                 tags: list[str] | None = None, region_labels: list[str] | None = None,
                 dropout: float = 0.1, image_dropout: float = 0.25, text_dropout: float = 0.1,
                 model_version: str = "docai-fusion-untrained", confidence_scale: float = 1.0,
                 confidence_shift: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_heads = num_heads
        self.char_embedding_size = char_embedding_size
        self.max_words = max_words
        self.chars_per_word = chars_per_word
        self.crop_size = crop_size
        self.tags = list(tags or tag_names())
        self.region_labels = list(region_labels or REGION_LABELS)
        self.dropout = dropout
        # Modality dropout: the share of training pages that lose their image or their text.
        self.image_dropout = image_dropout
        self.text_dropout = text_dropout
        self.model_version = model_version  # names the extractor in the fields table
        # Platt scaling of field confidence, fitted on validation documents after training.
        self.confidence_scale = confidence_scale
        self.confidence_shift = confidence_shift
