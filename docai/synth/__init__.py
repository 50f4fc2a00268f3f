"""Synthetic invoice and receipt generator with exact ground truth (see docs/synth_and_eval.md)."""
