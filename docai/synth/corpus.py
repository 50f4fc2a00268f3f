"""Generate a corpus: documents under ``pdf/`` and ``images/``, ground truth under ``gt/``.

Document ``i`` of seed ``s`` depends only on ``(s, i)`` and the family list, so a corpus is
reproducible and can be generated in parallel or in parts.
"""
from __future__ import annotations

import json
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from docai.synth import groundtruth, scan
from docai.synth.families import ALL_FAMILIES, families_for_split, split_of
from docai.synth.formats import LANGUAGES


@dataclass(frozen=True)
class CorpusSpec:
    out: Path
    count: int
    seed: int
    families: tuple[str, ...]
    scanned_share: float = 0.3
    image_share: float = 0.5  # of scanned single-page documents, the share saved as image files
    start: int = 0


def resolve_families(names: list[str] | None, split: str) -> tuple[str, ...]:
    """The families to draw from: the named ones (validated) or those of the split."""
    if names:
        unknown = sorted(set(names) - set(ALL_FAMILIES))
        if unknown:
            raise ValueError(f"unknown families: {', '.join(unknown)}")
        if split == "train" and any(split_of(n) == "test" for n in names):
            raise ValueError("held-out families cannot be generated for the train split")
        return tuple(names)
    if split == "heldout":
        return tuple(n for n in ALL_FAMILIES if split_of(n) == "test")
    return tuple(families_for_split(split))


def generate_document(spec: CorpusSpec, index: int) -> dict:
    """Build document ``index``, write its file and ground truth, and return the ground truth."""
    rng = random.Random(f"{spec.seed}:{index}")
    family = ALL_FAMILIES[rng.choice(spec.families)]
    lang = rng.choice([lang for lang in LANGUAGES if lang in family.languages])
    ctx = family.draw(rng, lang)
    words = ctx.canvas.finish()
    doc = ctx.canvas.doc
    name = f"{family.name}-{spec.seed}-{index:06d}"
    variant = "digital"
    if rng.random() < spec.scanned_share:
        variant = "image" if len(doc) == 1 and rng.random() < spec.image_share else "scanned"
    suffix = ("png" if rng.random() < 0.2 else "jpg") if variant == "image" else "pdf"
    file = f"{'images' if variant == 'image' else 'pdf'}/{name}.{suffix}"
    gt = groundtruth.build(ctx, words, name, file, family.name, split_of(family.name), variant)
    if variant == "digital":
        data = doc.tobytes(garbage=1, deflate=True, no_new_id=True)
    elif variant == "scanned":
        data, gt = scan.scanned_pdf(doc, gt, rng)
    else:
        data, gt = scan.scanned_image(doc, gt, rng, "png" if suffix == "png" else "jpeg")
    doc.close()
    (spec.out / file).write_bytes(data)
    (spec.out / "gt" / f"{name}.json").write_text(json.dumps(gt, ensure_ascii=False, separators=(",", ":")),
                                                   encoding="utf-8")
    return gt


def _generate_range(spec: CorpusSpec, indices: range) -> int:
    for index in indices:
        generate_document(spec, index)
    return len(indices)


def generate_corpus(spec: CorpusSpec, workers: int = 1) -> int:
    """Generate ``spec.count`` documents; returns how many were written."""
    for folder in ("pdf", "images", "gt"):
        (spec.out / folder).mkdir(parents=True, exist_ok=True)
    indices = range(spec.start, spec.start + spec.count)
    if workers <= 1:
        return _generate_range(spec, indices)
    chunks = [indices[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_generate_range, [spec] * workers, chunks))
