"""``python -m tracker`` runs the same command as ``trust-tracker``."""

from .cli import main

raise SystemExit(main())
