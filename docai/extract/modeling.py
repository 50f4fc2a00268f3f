"""The fusion model as a transformers PreTrainedModel: the network of `network.py` plus the
training loss, so save_pretrained and AutoModel.from_pretrained work as for any hub model."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PreTrainedModel
from transformers.utils import ModelOutput

from docai.extract.configuration import DocaiFusionConfig
from docai.extract.network import PREFIX, Architecture, FusionNetwork


@dataclass
class FusionOutput(ModelOutput):
    loss: torch.Tensor | None = None
    tag_logits: torch.Tensor | None = None    # [B, W, tags]
    start_logits: torch.Tensor | None = None  # [B, W]


class DocaiFusionModel(PreTrainedModel):
    config_class = DocaiFusionConfig
    base_model_prefix = PREFIX.rstrip(".")
    main_input_name = "char_ids"

    def __init__(self, config: DocaiFusionConfig):
        super().__init__(config)
        self.fusion = FusionNetwork(Architecture.of(config))
        self.post_init()
        # Residual branches start near zero (GPT-2's scaled init), so every layer begins close
        # to the identity and the word embeddings, not averaged attention, drive early training.
        residual_std = 0.02 / (2 * max(1, config.num_layers)) ** 0.5
        for layer in self.fusion.layers:
            for projection in (layer.self_attn.out_proj, layer.cross_attn.out_proj, layer.ffn[-1]):
                nn.init.normal_(projection.weight, std=residual_std)

    def forward(self, char_ids, word_boxes, word_region, word_mask, region_boxes, region_labels,
                region_crops, region_mask, word_crops, neighbours, use_image=None, use_text=None,
                tags=None, starts=None, tag_weights=None) -> FusionOutput:
        """See FusionNetwork.forward; tags and starts (training targets) add the loss."""
        tag_logits, start_logits = self.fusion(
            char_ids, word_boxes, word_region, word_mask, region_boxes, region_labels,
            region_crops, region_mask, word_crops, neighbours, use_image, use_text)
        loss = None
        if tags is not None:
            loss = nn.functional.cross_entropy(tag_logits[word_mask], tags[word_mask],
                                               weight=tag_weights)
            if starts is not None:
                item_words = word_mask & (starts >= 0)
                if item_words.any():
                    loss = loss + nn.functional.binary_cross_entropy_with_logits(
                        start_logits[item_words], starts[item_words].float())
        return FusionOutput(loss=loss, tag_logits=tag_logits, start_logits=start_logits)

    def _init_weights(self, module):
        if isinstance(module, (nn.Linear, nn.Conv1d, nn.Conv2d)):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)


def register_auto_classes() -> None:
    """Let AutoConfig / AutoModel load docai checkpoints like any hub model."""
    try:
        AutoConfig.register(DocaiFusionConfig.model_type, DocaiFusionConfig)
        AutoModel.register(DocaiFusionConfig, DocaiFusionModel)
    except ValueError:  # already registered in this process
        pass
