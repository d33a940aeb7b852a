"""Periods of statistics (统计期间): closed ranges of local calendar days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """A closed range of local calendar days (统计期间), both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"统计期间起始日 {self.start} 晚于截止日 {self.end}")

    @property
    def year_to_date(self) -> Period:
        """From 1 January of the end date's year to the end date (今年以来)."""
        return Period(dt.date(self.end.year, 1, 1), self.end)

    @property
    def day_before(self) -> dt.date:
        return self.start - dt.timedelta(days=1)
