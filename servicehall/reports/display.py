"""An issue as its page shows it (期次展示): sections with paths, paragraphs with their figures."""

from __future__ import annotations

from typing import Any

from servicehall.figures.registry import FIGURES
from servicehall.reports.document import Document, Section, document_from_json, paragraph_to_markup
from servicehall.reports.models import Issue


def source_link(key: str, issue: Issue) -> str:
    """Where the records behind a figure can be read, filtered to the issue's period."""
    definition = FIGURES.get(key)
    if definition is None or issue.period_start is None or issue.period_end is None:
        return ""
    return definition.records_link(issue.period)


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
                        "label": FIGURES[key].label if key in FIGURES else key,
                        "value": issue.figures.get(key),
                        "unit": FIGURES[key].unit if key in FIGURES else "",
                        "source": FIGURES[key].source if key in FIGURES else "",
                        "link": source_link(key, issue),
                    }
                    for key in paragraph.figure_keys
                ]
                paragraphs.append(
                    {
                        "path": path_text([*here, p_index]),
                        "dom_id": "para-" + path_text([*here, p_index], "-"),
                        "anchor": anchors.get(id(paragraph), ""),
                        "runs": paragraph.runs,
                        "markup": paragraph_to_markup(paragraph),
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
                    {"anchor": anchors.get(id(p), ""), "runs": p.runs, "sources": []}
                    for p in doc.preamble
                ],
            }
        )
    walk(doc.sections, [])
    return doc, rows
