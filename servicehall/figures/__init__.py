"""The figures module (统计口径): the only place a number of the report is computed.

Each figure key of SPEC.md has one function of a period (``registry``); the report drafter, the
dashboard, the API and ``servicehall stats`` all call these. Nothing stores a total: every value
is counted from the records (the case event log through its daily rollups, the registers as of
a date). The functions live in one module per domain: ``cases``, ``catalog``, ``org``,
``journal``; this package re-exports them so callers write ``figures.compute_all(period)``.

The re-exports are lazy (PEP 562): ``figures`` is also a Django app (the dashboard, the stats
API and command), and Django imports an app's package before the models are ready.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicehall.core.periods import Period
    from servicehall.figures.cases import (
        CASE_KINDS,
        case_counts,
        case_counts_by_department,
        daily_case_counts,
        stats,
        weekly_case_counts,
    )
    from servicehall.figures.catalog import (
        handbook_completions,
        handbook_done,
        handbook_percent,
        handling_items_listed,
        unauthorized_departments,
    )
    from servicehall.figures.journal import (
        PLATFORM_GROUPS,
        BenefitSummary,
        RatingBulletin,
        benefit_summary,
        month_of,
        platform_counts,
        rating_bulletin,
    )
    from servicehall.figures.org import open_windows, training_trainees, trainings, window_changes
    from servicehall.figures.registry import (
        FIGURES,
        FigureDef,
        compute,
        compute_all,
        missing_sources,
        year_to_date_keys,
    )

_EXPORTS = {
    "Period": "servicehall.core.periods",
    "CASE_KINDS": "servicehall.figures.cases",
    "case_counts": "servicehall.figures.cases",
    "case_counts_by_department": "servicehall.figures.cases",
    "daily_case_counts": "servicehall.figures.cases",
    "latest_case_day": "servicehall.figures.cases",
    "overdue_open_cases": "servicehall.figures.cases",
    "overdue_followups": "servicehall.figures.journal",
    "rating_bulletin": "servicehall.figures.journal",
    "month_of": "servicehall.figures.journal",
    "RatingBulletin": "servicehall.figures.journal",
    "case_flow": "servicehall.figures.flow",
    "stats": "servicehall.figures.cases",
    "weekly_case_counts": "servicehall.figures.cases",
    "handbook_completions": "servicehall.figures.catalog",
    "handbook_done": "servicehall.figures.catalog",
    "handbook_percent": "servicehall.figures.catalog",
    "handling_items_listed": "servicehall.figures.catalog",
    "unauthorized_departments": "servicehall.figures.catalog",
    "PLATFORM_GROUPS": "servicehall.figures.journal",
    "BenefitSummary": "servicehall.figures.journal",
    "benefit_summary": "servicehall.figures.journal",
    "platform_counts": "servicehall.figures.journal",
    "open_windows": "servicehall.figures.org",
    "training_trainees": "servicehall.figures.org",
    "trainings": "servicehall.figures.org",
    "window_changes": "servicehall.figures.org",
    "FIGURES": "servicehall.figures.registry",
    "FigureDef": "servicehall.figures.registry",
    "compute": "servicehall.figures.registry",
    "compute_all": "servicehall.figures.registry",
    "missing_sources": "servicehall.figures.registry",
    "year_to_date_keys": "servicehall.figures.registry",
}

__all__ = [
    "CASE_KINDS",
    "FIGURES",
    "PLATFORM_GROUPS",
    "BenefitSummary",
    "FigureDef",
    "Period",
    "RatingBulletin",
    "benefit_summary",
    "case_counts",
    "case_counts_by_department",
    "case_flow",
    "compute",
    "compute_all",
    "daily_case_counts",
    "handbook_completions",
    "handbook_done",
    "handbook_percent",
    "handling_items_listed",
    "latest_case_day",
    "missing_sources",
    "month_of",
    "open_windows",
    "overdue_followups",
    "overdue_open_cases",
    "platform_counts",
    "rating_bulletin",
    "stats",
    "training_trainees",
    "trainings",
    "unauthorized_departments",
    "weekly_case_counts",
    "window_changes",
    "year_to_date_keys",
]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)
