"""The hall's local time (北京时间): event times without an offset are Asia/Shanghai."""

from __future__ import annotations

import datetime as dt

# China keeps UTC+8 all year (no summer time), so a fixed offset is exact and needs no tz data.
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
