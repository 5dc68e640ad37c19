"""``python -m tracker`` runs the same command as ``trust-tracker``."""

from .entry import script

script()
