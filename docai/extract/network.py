"""The fusion network: word tokens attend to each other (biased by where they sit relative to
each other) and, across modalities, to one visual token per layout region; each word gets a field
tag and a line-item start score.

Plain torch, so the pipeline's workers load the shipped checkpoint without importing
transformers (about 6 s of CPU per process); `modeling.DocaiFusionModel` wraps the same network
as a transformers `PreTrainedModel` for training and for `AutoModel.from_pretrained`."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

import torch
from torch import nn

from docai.extract.features import NEIGHBOURS

WEIGHTS_FILE = "model.safetensors"
ENSEMBLE_FILE = "ensemble.json"  # names member checkpoints whose probabilities are averaged
PREFIX = "fusion."  # the network's weights sit under DocaiFusionModel.fusion in checkpoints


@dataclass(frozen=True)
class Architecture:
    """What the network's shape and training-time dropout depend on: a subset of the config."""
    hidden_size: int
    num_layers: int
    num_heads: int
    char_embedding_size: int
    tags: tuple[str, ...]
    region_labels: tuple[str, ...]
    dropout: float
    image_dropout: float
    text_dropout: float

    @classmethod
    def of(cls, settings) -> Architecture:
        """From a DocaiFusionConfig, or from the dict of a checkpoint's config.json."""
        get = (settings.__getitem__ if isinstance(settings, dict)  # a missing key is an error
               else lambda name: getattr(settings, name))
        return cls(**{f.name: tuple(value) if isinstance(value := get(f.name), list) else value
                      for f in fields(cls)})


RELATIVE_BUCKETS = 15  # per side and axis: offsets fall in 2 * 15 + 1 log-spaced buckets
WORD_LENGTH_GROUPS = ((0, 6), (6, 12), (12, 1 << 30))  # byte lengths (low, high]


class WordEncoder(nn.Module):
    """Bytes of a word through a convolution and max-pool: copes with unseen words and numbers."""

    def __init__(self, config: Architecture):
        super().__init__()
        self.embed = nn.Embedding(258, config.char_embedding_size, padding_idx=0)
        self.conv = nn.Conv1d(config.char_embedding_size, config.hidden_size, 3, padding=1)
        self.out = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, char_ids: torch.Tensor) -> torch.Tensor:
        batch, words, chars = char_ids.shape
        ids = char_ids.view(batch * words, chars)
        lengths = (ids > 0).sum(1)
        pooled = torch.zeros(len(ids), self.conv.out_channels, device=ids.device,
                             dtype=self.out.weight.dtype)
        # Words of similar length together, each group cut to its longest word: most words are
        # short, and the positions cut off are padding, which the convolution sees as zeros
        # either way and the max-pool skips, so the result is the same for less work.
        for low, high in WORD_LENGTH_GROUPS:
            members = ((lengths > low) & (lengths <= high)).nonzero().squeeze(1)
            if len(members):
                part = ids[members, :high]
                x = torch.relu(self.conv(self.embed(part).transpose(1, 2)))
                pooled[members] = x.masked_fill(part[:, None, :] == 0, -1e4).amax(dim=2)
        return self.out(pooled).view(batch, words, -1)  # words with no characters pool to zeros


class BoxEncoder(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(8, hidden), nn.GELU(), nn.Linear(hidden, hidden))

    def forward(self, boxes: torch.Tensor) -> torch.Tensor:
        x0, y0, x1, y1 = boxes.unbind(-1)
        features = torch.stack([x0, y0, x1, y1, x1 - x0, y1 - y0, (x0 + x1) / 2, (y0 + y1) / 2], -1)
        return self.mlp(features)


class CropEncoder(nn.Module):
    """A small CNN turning each grey crop ([B, N, h, w] uint8, ink dark) into one token."""

    def __init__(self, cnn: nn.Module, features: int, hidden: int):
        super().__init__()
        self.cnn = cnn
        self.out = nn.Linear(features, hidden)

    def forward(self, crops: torch.Tensor, keep: torch.Tensor | None = None) -> torch.Tensor:
        """[B, N, hidden]; with keep ([B, N] bool) only those crops are encoded and the rest
        are zeros: padding and pages whose image is switched off, whose tokens the network
        masks or replaces, so their encodings only cost time (two thirds of the region slots
        of a training batch are padding)."""
        batch, count = crops.shape[:2]
        if keep is None:
            keep = torch.ones(batch, count, dtype=torch.bool, device=crops.device)
        x = crops[keep][:, None].float() / 255.0
        # With one channel channels-last is the same memory, and oneDNN's convolution takes it
        # two to three times faster on CPU; the values are the same.
        x = (1.0 - x).contiguous(memory_format=torch.channels_last)
        encoded = self.out(self.cnn(x).flatten(1))
        tokens = encoded.new_zeros(batch, count, encoded.shape[-1])
        tokens[keep] = encoded
        return tokens


def region_image_encoder(hidden: int) -> CropEncoder:
    """A region's crop into its visual token."""
    return CropEncoder(nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1)), 64, hidden)


def word_image_encoder(hidden: int) -> CropEncoder:
    """Each word's own crop: what the text cannot say (bold, boxes, shading)."""
    return CropEncoder(nn.Sequential(
        nn.Conv2d(1, 8, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(), ColumnMaxPool(4)),
        16 * 4, hidden)


class ColumnMaxPool(nn.Module):
    """nn.AdaptiveMaxPool2d((1, bins)) for widths that divide evenly, as a plain max-pool over
    the full height: the same values without the adaptive pooling kernel, which is slow on
    CPU."""

    def __init__(self, bins: int):
        super().__init__()
        self.bins = bins

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        height, width = x.shape[-2:]
        return nn.functional.max_pool2d(x, (height, width // self.bins))


class RelativePositionBias(nn.Module):
    """A learned attention bias per head for each (dx, dy) between word centres, log-bucketed:
    "the word just left of me on my line" means the same on every layout."""

    def __init__(self, heads: int):
        super().__init__()
        self.table = nn.Embedding((2 * RELATIVE_BUCKETS + 1) ** 2, heads)

    @staticmethod
    def bucket(offset: torch.Tensor) -> torch.Tensor:
        # In place on the temporaries: the same operations as the plain expression, fewer
        # W x W allocations.
        scaled = offset.abs().mul_(100).log1p_().div_(math.log1p(100)).mul_(RELATIVE_BUCKETS)
        scaled = scaled.round_().clamp_(max=RELATIVE_BUCKETS).mul_(offset.sign())
        return scaled.add_(RELATIVE_BUCKETS).long()

    def forward(self, boxes: torch.Tensor, key_pad: torch.Tensor) -> torch.Tensor:
        """[B * heads, W, W] additive attention mask; padded keys are shut out."""
        batch, words = key_pad.shape
        cx, cy = (boxes[..., 0] + boxes[..., 2]) / 2, (boxes[..., 1] + boxes[..., 3]) / 2
        bx = self.bucket(cx[:, None, :] - cx[:, :, None])
        by = self.bucket(cy[:, None, :] - cy[:, :, None])
        index = by.mul_(2 * RELATIVE_BUCKETS + 1).add_(bx).view(-1)
        # Looked up head-major, so no [B, W, W, heads] -> [B, heads, W, W] copy is needed.
        per_head = self.table.weight.t().contiguous().index_select(1, index)
        bias = per_head.view(-1, batch, words, words).transpose(0, 1)
        bias = bias.masked_fill(key_pad[:, None, None, :], -1e4)
        return bias.reshape(-1, words, words)


class FusionLayer(nn.Module):
    def __init__(self, config: Architecture):
        super().__init__()
        hidden, heads, dropout = config.hidden_size, config.num_heads, config.dropout
        self.self_norm = nn.LayerNorm(hidden)
        # No dropout on the attention weights themselves: over W x W it costs more than it helps.
        self.self_attn = nn.MultiheadAttention(hidden, heads, batch_first=True)
        self.cross_norm = nn.LayerNorm(hidden)
        self.cross_attn = nn.MultiheadAttention(hidden, heads, batch_first=True)
        self.ffn_norm = nn.LayerNorm(hidden)
        self.ffn = nn.Sequential(nn.Linear(hidden, 4 * hidden), nn.GELU(), nn.Dropout(dropout),
                                 nn.Linear(4 * hidden, hidden))
        self.drop = nn.Dropout(dropout)

    def forward(self, words, attention_bias, regions, region_pad):
        x = self.self_norm(words)
        words = words + self.drop(self.self_attn(x, x, x, attn_mask=attention_bias,
                                                 need_weights=False)[0])
        x = self.cross_norm(words)
        words = words + self.drop(self.cross_attn(x, regions, regions, key_padding_mask=region_pad,
                                                  need_weights=False)[0])
        return words + self.drop(self.ffn(self.ffn_norm(words)))


class FusionNetwork(nn.Module):
    def __init__(self, architecture: Architecture):
        super().__init__()
        self.architecture = architecture
        hidden = architecture.hidden_size
        self.words = WordEncoder(architecture)
        self.word_boxes = BoxEncoder(hidden)
        self.word_image = word_image_encoder(hidden)
        self.neighbour_text = nn.Linear(len(NEIGHBOURS) * hidden, hidden)
        self.relative = RelativePositionBias(architecture.num_heads)
        self.region_label = nn.Embedding(len(architecture.region_labels), hidden)
        self.region_boxes = BoxEncoder(hidden)
        self.region_image = region_image_encoder(hidden)
        self.no_image = nn.Parameter(torch.zeros(hidden))
        self.no_text = nn.Parameter(torch.zeros(hidden))
        # Summed embeddings are normalised before the layers (as in BERT): otherwise the shared
        # output of near-uniform initial attention swamps each token's own small embedding.
        self.word_norm = nn.LayerNorm(hidden)
        self.region_norm = nn.LayerNorm(hidden)
        self.layers = nn.ModuleList(FusionLayer(architecture)
                                    for _ in range(architecture.num_layers))
        self.norm = nn.LayerNorm(hidden)
        self.tag_head = nn.Linear(hidden, len(architecture.tags))
        self.start_head = nn.Linear(hidden, 1)
        self.token_tag_head = nn.Linear(hidden, len(architecture.tags))
        self.token_start_head = nn.Linear(hidden, 1)

    def forward(self, char_ids, word_boxes, word_region, word_mask, region_boxes, region_labels,
                region_crops, region_mask, word_crops, neighbours, use_image=None,
                use_text=None) -> tuple[torch.Tensor, torch.Tensor]:
        """Tag logits [B, W, tags] and line-item start logits [B, W]. Masks are True for real
        tokens. use_image / use_text ([B] bool) switch a modality off per page; None keeps both
        (training applies modality dropout itself)."""
        batch = char_ids.shape[0]
        device = char_ids.device
        if use_image is None:
            use_image = torch.ones(batch, dtype=torch.bool, device=device)
        if use_text is None:
            use_text = torch.ones(batch, dtype=torch.bool, device=device)
        if self.training:
            use_image = use_image & (torch.rand(batch, device=device)
                                     >= self.architecture.image_dropout)
            use_text = use_text & (torch.rand(batch, device=device)
                                   >= self.architecture.text_dropout)

        visual = self.region_image(region_crops, region_mask & use_image[:, None])
        visual = torch.where(use_image[:, None, None], visual, self.no_image.expand_as(visual))
        regions = self.region_norm(visual + self.region_boxes(region_boxes)
                                   + self.region_label(region_labels))

        text = self.words(char_ids)
        text = torch.where(use_text[:, None, None], text, self.no_text.expand_as(text))
        word_visual = self.word_image(word_crops, word_mask & use_image[:, None])
        word_visual = torch.where(use_image[:, None, None], word_visual,
                                  self.no_image.expand_as(word_visual))
        own_region = torch.gather(regions, 1,
                                  word_region[..., None].expand(-1, -1, regions.shape[-1]))
        tokens = (text + self.neighbour_text(self.neighbour_features(text, neighbours))
                  + word_visual + self.word_boxes(word_boxes) + own_region)
        x = self.word_norm(tokens)

        attention_bias = self.relative(word_boxes, ~word_mask)
        for layer in self.layers:
            x = layer(x, attention_bias, regions, ~region_mask)
        x = self.norm(x)
        # A direct per-token head beside the contextual one: it learns fast from the raw token
        # features while the layers learn what depends on the neighbours.
        tag_logits = self.tag_head(x) + self.token_tag_head(tokens)
        start_logits = (self.start_head(x) + self.token_start_head(tokens)).squeeze(-1)
        return tag_logits, start_logits

    @staticmethod
    def neighbour_features(text: torch.Tensor, neighbours: torch.Tensor) -> torch.Tensor:
        """[B, W, len(NEIGHBOURS) * hidden]: the text encodings of each word's neighbours,
        zeros where a word has none."""
        batch, words, slots = neighbours.shape
        index = neighbours.clamp(min=0).view(batch, words * slots, 1).expand(-1, -1, text.shape[-1])
        gathered = torch.gather(text, 1, index).view(batch, words, slots, -1)
        return (gathered * (neighbours >= 0)[..., None]).flatten(2)


def mean_probabilities(networks: list[FusionNetwork], inputs: dict[str, torch.Tensor]
                       ) -> tuple[torch.Tensor, torch.Tensor]:
    """Tag probabilities [B, W, tags] and line-item start probabilities [B, W] averaged over
    networks: an ensemble's members vote with equal weight on probabilities, not logits."""
    outputs = [network(**inputs) for network in networks]
    return (torch.stack([tags.softmax(-1) for tags, _ in outputs]).mean(0),
            torch.stack([starts.sigmoid() for _, starts in outputs]).mean(0))


def load_network(checkpoint: Path) -> tuple[FusionNetwork, dict]:
    """The network of a checkpoint saved by DocaiFusionModel.save_pretrained, and its config
    (as a dict); the same weights AutoModel.from_pretrained would load."""
    from safetensors.torch import load_file

    config = json.loads((checkpoint / "config.json").read_text())
    network = FusionNetwork(Architecture.of(config))
    weights = load_file(str(checkpoint / WEIGHTS_FILE))
    network.load_state_dict({name.removeprefix(PREFIX): value for name, value in weights.items()})
    return network.eval(), config


def member_paths(checkpoint: Path) -> list[Path]:
    """The saved models of a checkpoint folder: itself, or the members its ensemble.json names."""
    spec = checkpoint / ENSEMBLE_FILE
    if not spec.exists():
        return [checkpoint]
    return [checkpoint / name for name in json.loads(spec.read_text())["members"]]


def load_members(checkpoint: Path) -> tuple[list[FusionNetwork], dict]:
    """The networks of a checkpoint folder (see member_paths), whose tag probabilities the
    extractor averages, and the config of the first, with an ensemble's version and
    calibration."""
    loaded = [load_network(path) for path in member_paths(checkpoint)]
    config = dict(loaded[0][1])
    if any(c["tags"] != config["tags"] or c["max_words"] != config["max_words"]
           for _, c in loaded):
        raise ValueError(f"the members of {checkpoint} differ in their tags or max_words")
    spec = checkpoint / ENSEMBLE_FILE
    if spec.exists():
        ensemble = json.loads(spec.read_text())
        config.update({key: ensemble[key] for key in
                       ("model_version", "confidence_scale", "confidence_shift")})
    return [network for network, _ in loaded], config
