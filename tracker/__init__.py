"""Trust Tracker: a terminal habit tracker for rebuilding trust through small, kept promises."""

__version__ = "0.1.0"
