"""An issue as its page shows it (期次展示): sections with paths, paragraphs with their figures."""

from __future__ import annotations

from typing import Any

from servicehall.figures.registry import FIGURES
from servicehall.gbt9704.document import (
    Document,
    Paragraph,
    Run,
    Section,
    document_from_json,
    paragraph_to_markup,
)
from servicehall.reports.bindings import is_edited, label
from servicehall.reports.indicator_block import token_source, token_unit
from servicehall.reports.models import Issue


def source_link(key: str, issue: Issue) -> str:
    """Where the records behind a figure can be read, filtered to the issue's period."""
    definition = FIGURES.get(key)
    if definition is None or issue.period_start is None or issue.period_end is None:
        return ""
    return definition.records_link(issue.period)


def runs_for_display(paragraph: Paragraph) -> list[dict[str, Any]]:
    """The runs, a figure's token with its label (shown on hover) and key."""
    return [
        {
            "text": run.text,
            "bold": run.bold,
            "figure": run.figure or "",
            "label": label(run.figure) if run.figure else "",
        }
        for run in paragraph.runs
    ]


def edit_segments(paragraph: Paragraph) -> tuple[list[str], list[dict[str, str]]]:
    """The paragraph for the editor: the texts between its figures' tokens (markup, editable)
    and the tokens (fixed): n tokens, n + 1 texts."""
    texts: list[str] = []
    tokens: list[dict[str, str]] = []
    piece: list[Run] = []
    for run in paragraph.runs:
        if run.figure:
            texts.append(paragraph_to_markup(Paragraph(runs=piece)))
            piece = []
            tokens.append({"key": run.figure, "text": run.text, "label": label(run.figure)})
        else:
            piece.append(run)
    texts.append(paragraph_to_markup(Paragraph(runs=piece)))
    return texts, tokens


def sections_for_display(issue: Issue) -> tuple[Document, list[dict[str, Any]]]:
    """Sections flattened with their paths, paragraphs with markup and figure provenance."""
    doc = document_from_json(issue.document)
    rows: list[dict[str, Any]] = []
    # "#p<n>": the paragraph numbering the search and the facts table link to.
    anchors = {id(p): f"p{n}" for n, _, p in doc.indexed_paragraphs()}

    def path_text(path: list[int], sep: str = ",") -> str:
        return sep.join(str(i) for i in path)

    def walk(sections: list[Section], path: list[int]) -> None:
        for index, section in enumerate(sections):
            here = [*path, index]
            paragraphs = []
            for p_index, paragraph in enumerate(section.paragraphs):
                sources = [
                    {
                        "key": key,
                        "label": label(key),
                        "value": issue.figures.get(key),
                        "unit": FIGURES[key].unit if key in FIGURES else token_unit(key),
                        "source": FIGURES[key].source if key in FIGURES else token_source(key),
                        "link": source_link(key, issue),
                    }
                    for key in paragraph.figure_keys
                ]
                paragraphs.append(
                    {
                        "path": path_text([*here, p_index]),
                        "dom_id": "para-" + path_text([*here, p_index], "-"),
                        "anchor": anchors.get(id(paragraph), ""),
                        "runs": runs_for_display(paragraph),
                        "markup": paragraph_to_markup(paragraph),
                        "edited": is_edited(paragraph),
                        "sources": sources,
                    }
                )
            end = [*here, len(section.paragraphs)]
            rows.append(
                {
                    "section": section,
                    "depth": len(path),
                    "paragraphs": paragraphs,
                    "path": path_text(here),
                    "append_path": path_text(end),
                    "append_id": "para-" + path_text(end, "-"),
                }
            )
            walk(section.subsections, here)

    if doc.preamble:  # a bulletin's paragraphs before any heading
        rows.append(
            {
                "section": None,
                "depth": 0,
                "paragraphs": [
                    {"anchor": anchors.get(id(p), ""), "runs": runs_for_display(p), "sources": []}
                    for p in doc.preamble
                ],
            }
        )
    walk(doc.sections, [])
    return doc, rows
