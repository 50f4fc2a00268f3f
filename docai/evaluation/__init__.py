"""Evaluation of extraction against canonical ground truth (``docai eval``)."""
