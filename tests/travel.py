"""Run fieldbot's real command in a subprocess whose wall clock starts at a chosen instant.

`python -m tests.travel 2026-11-18T10:00:00+08:00 run` is `fieldbot run` as if started at that instant:
a real process (for kill -9 tests) has no fixture to hand a clock to, so time-machine moves the process's
time instead, and the bot's SystemClock reads the moved time. The clock then ticks on at real speed.
"""

from __future__ import annotations

import sys
from datetime import datetime

import time_machine

from bot.cli import main

if __name__ == "__main__":
    instant = datetime.fromisoformat(sys.argv[1])
    with time_machine.travel(instant, tick=True):
        sys.argv = ["fieldbot", *sys.argv[2:]]
        raise SystemExit(main())
