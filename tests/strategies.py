"""Hypothesis strategies shared by the property tests of the domain and of the round trip."""

from __future__ import annotations

from hypothesis import strategies as st

from tracker.domain import Schedule

# Every kind of schedule, with the ranges the domain accepts.
schedules = st.one_of(
    st.just(Schedule.daily()),
    st.frozensets(st.integers(0, 6), min_size=1).map(Schedule.on_weekdays),
    st.integers(1, 10).map(Schedule.every_n_days),
    st.integers(1, 7).map(Schedule.per_week),
    st.integers(1, 28).map(Schedule.per_month),
    st.integers(1, 14).flatmap(lambda days: st.integers(1, days).map(lambda t: Schedule.in_days(t, days))),
)
