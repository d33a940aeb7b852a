"""Plain text of a report issue (纯文本): one line per paragraph, a blank line between."""

from __future__ import annotations

from servicehall.gbt9704.blocks import document_blocks
from servicehall.gbt9704.document import Document


def render_txt(doc: Document) -> str:
    """The issue as the seeds look, each paragraph on exactly one line."""
    lines = [block.text for block in document_blocks(doc) if block.text]
    return "\n\n".join(lines) + "\n" if lines else ""
