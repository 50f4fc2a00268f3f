"""Distillation: a network learns from a teacher checkpoint's probabilities (one saved model or
an ensemble, averaged as the extractor averages it) beside the labels, so one network can carry
what an ensemble knows at half an ensemble's cost per page."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from docai.extract.network import load_members, mean_probabilities

# What the networks take; a training batch also holds the labels.
NETWORK_INPUTS = ("char_ids", "word_boxes", "word_region", "word_mask", "region_boxes",
                  "region_labels", "region_crops", "region_mask", "word_crops", "neighbours",
                  "use_image")


class Teacher:
    """The members of a checkpoint folder, run on each training batch as the student sees it
    (after augmentation), with both modalities on."""

    def __init__(self, checkpoint: Path, device: str):
        networks, config = load_members(checkpoint)
        self.networks = [network.to(device) for network in networks]
        self.tags = list(config["tags"])

    def __call__(self, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean tag probabilities [B, W, tags] and mean start probabilities [B, W]."""
        with torch.no_grad():  # targets: no graph (inference tensors could not enter the loss's)
            return mean_probabilities(self.networks,
                                      {name: batch[name] for name in NETWORK_INPUTS})


def distillation_loss(tag_logits: torch.Tensor, start_logits: torch.Tensor,
                      teacher_tags: torch.Tensor, teacher_starts: torch.Tensor,
                      batch: dict[str, torch.Tensor], tag_weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against the teacher's tag probabilities, each word weighted as its label
    weighs in the label loss (words outside every field count less), plus binary cross-entropy
    against its start probabilities on the words of line items."""
    words = batch["word_mask"]
    weights = tag_weights[batch["tags"][words]]
    per_word = -(teacher_tags[words] * tag_logits[words].log_softmax(-1)).sum(-1)
    loss = (per_word * weights).sum() / weights.sum()
    item_words = words & (batch["starts"] >= 0)
    if item_words.any():
        loss = loss + nn.functional.binary_cross_entropy_with_logits(
            start_logits[item_words], teacher_starts[item_words])
    return loss
