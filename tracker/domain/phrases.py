"""Words shared by the domain and the front ends, kept apart so the command line can name
them without loading the schedule machinery (dateutil) it does not need to parse its flags."""

from __future__ import annotations

SCHEDULE_HELP = (
    "daily | weekdays | mon,wed,fri | every 3 days | 3/week | 10/month | 3 in 7 days"
)
