"""The command line: a thin layer that parses, calls the service and prints.

Only the standard library is imported here. A shell prompt's question (``due --count``,
``status --short``) is answered first, from the summary the last full answer left, with
nothing more loaded (:mod:`.prompt`); everything else goes to :mod:`.run`, which builds
the parser (:mod:`.parser`) and imports a command's handlers only when it runs them
(:mod:`.handlers`, over the service; :mod:`.render` formats reports, :mod:`.transfer`
runs export, import and merge, :mod:`.backup` the backups).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from .prompt import answer

    code = answer(args)
    if code is not None:
        return code
    from .run import run

    return run(args)
