"""The grounding report: static HTML that shows where each extracted value came from."""

from docai.report.build import write_report
from docai.report.summary import summary_markdown

__all__ = ["summary_markdown", "write_report"]
