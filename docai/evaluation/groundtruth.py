"""Load evaluation sets: folders with ``gt/*.json`` in the canonical form of DESIGN.md."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from docai.extract.fields import field_names


@dataclass
class TruthDoc:
    """One document's truth. ``field_boxes`` exists for synthetic sets, ``lines`` for SROIE."""

    doc: str
    path: Path
    source: str
    fields: dict[str, str | float]
    line_items: list[dict] = field(default_factory=list)
    field_boxes: dict[str, dict] = field(default_factory=dict)
    lines: list[dict] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # '<field>_text' forms where a set gives them
    has_line_items: bool = False

    @property
    def doc_id(self) -> str:
        """sha256 of the file bytes: the pipeline's document id."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def _gt_folders(set_dir: Path) -> list[Path]:
    """``set_dir/gt``, or the ``gt`` folders of its immediate subfolders (a folder of sets)."""
    if (set_dir / "gt").is_dir():
        return [set_dir / "gt"]
    return sorted(p / "gt" for p in set_dir.iterdir() if (p / "gt").is_dir())


def _source_name(data: dict, set_dir: Path) -> str:
    """Synthetic documents report per family; real sets by their folder name (their source is prose)."""
    source = str(data.get("source", ""))
    return source if source.startswith("synthetic:") else set_dir.name


def load_truth(set_dir: Path) -> list[TruthDoc]:
    """Every ground-truth document under ``set_dir``, with paths resolved next to its ``gt`` folder."""
    known = set(field_names())
    docs = []
    for gt_dir in _gt_folders(set_dir):
        for gt_path in sorted(gt_dir.glob("*.json")):
            data = json.loads(gt_path.read_text(encoding="utf-8"))
            docs.append(TruthDoc(
                doc=data["doc"], path=gt_dir.parent / data["file"], source=_source_name(data, gt_dir.parent),
                fields={k: v for k, v in data.get("fields", {}).items() if k in known and v is not None},
                line_items=data.get("line_items") or [], field_boxes=data.get("field_boxes") or {},
                lines=data.get("lines") or [], has_line_items="line_items" in data,
                printed={k.removesuffix("_text"): str(v) for k, v in data.get("fields", {}).items()
                         if k.endswith("_text") and v is not None},
            ))
    return docs
