"""The case event file (办件事件文件): SPEC.md's columns, defined once.

The importer reads these columns, the event list exports them, the benchmark and the demo write
them; each column names the ``CaseEvent`` field it fills, so its heading and length limit come
from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Field

from servicehall.cases.models import CaseEvent


@dataclass(frozen=True)
class EventColumn:
    """One column of an event file (事件文件列): its name in the file and the field it fills."""

    name: str
    field: str  # "" for a column that fills no field of the log (``center``: it places one)
    required: bool = False
    optional: bool = False  # a file may leave the column out (SPEC.md: ``channel``)
    heading: str = ""  # the column's Chinese name when it fills no field

    @property
    def model_field(self) -> Field[Any, Any]:
        field = CaseEvent._meta.get_field(self.field)
        assert isinstance(field, Field)  # every column fills a concrete field of the log
        return field

    @property
    def label(self) -> str:
        return self.heading or str(self.model_field.verbose_name)

    @property
    def max_length(self) -> int | None:
        return self.model_field.max_length if self.field else None


EVENT_COLUMNS: tuple[EventColumn, ...] = (
    EventColumn("event_id", "event_id", required=True),
    EventColumn("case_id", "case_no"),
    EventColumn("kind", "kind", required=True),
    EventColumn("occurred_at", "occurred_at", required=True),
    EventColumn("department", "department_name"),
    EventColumn("item_code", "item_code"),
    EventColumn("window", "window_code"),
    EventColumn("staff", "staff_ref"),
    EventColumn("channel", "channel", optional=True),
    # The department's center (中心), by name or short name: in a tree, department names repeat
    # (every county has its 公安局), and the center says whose. Optional: without it a name is
    # looked for in the importer's own center first, then in its subtree where it is unique.
    EventColumn("center", "", optional=True, heading="中心"),
)
CENTER_NAME_LIMIT = 100  # org.Center.name's length
COLUMNS: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS if c.required)
OPTIONAL: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS if c.optional)
# The text columns whose length the log limits (kind and time are parsed, not stored as text).
TEXT_LIMITS: tuple[tuple[str, int], ...] = tuple(
    (c.name, c.max_length)
    for c in EVENT_COLUMNS
    if c.max_length is not None and c.name not in ("kind", "channel")
)
