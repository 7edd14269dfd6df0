"""Running `fieldbot` as an operator would: in a process of its own, or in this one through the same
entry point (`bot.cli:main`, what the console script calls) when a test makes many calls."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.cli import main
from presentation import logs

ROOT = Path(__file__).resolve().parent.parent.parent
# What main() may change for the rest of a process: these loggers' levels and the exception hooks.
_LOGGERS = ("", "httpx", "httpcore", "aiosqlite", "apscheduler", "alembic", "fieldbot")


def _operator_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    return env


def fieldbot_process(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`fieldbot ARGS` in a new process, in `tmp_path`, on the embedded database cli.db there."""
    env = _operator_env(tmp_path) | {"PYTHONPATH": str(ROOT), **settings}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@contextmanager
def _process_state_kept() -> Iterator[None]:
    # xdist workers run many tests in one process: what main() sets up once per process (log levels,
    # handlers, exception hooks) is put back so the next test starts as it would have.
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    levels = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    hooks = (sys.excepthook, threading.excepthook)
    # A token given to main() is registered for redaction process-wide, and the redacting record factory
    # turns every later traceback into text: the next test's caplog would see no exc_info.
    factory, secrets, installed = logging.getLogRecordFactory(), list(logs._secrets), logs._installed
    # Without pytest's capture handlers on the root logger, main()'s logging set-up adds the handler to
    # stderr that a process of its own gets: a stray log line shows in what the test reads as stderr.
    logging.getLogger().handlers.clear()
    try:
        yield
    finally:
        for lg, level, handlers in levels:
            lg.setLevel(level)
            lg.handlers[:] = handlers
        sys.excepthook, threading.excepthook = hooks
        logging.setLogRecordFactory(factory)
        logs._secrets[:], logs._installed = secrets, installed


class InProcessFieldbot:
    """`fieldbot ARGS` through bot.cli.main in this process; answers like subprocess.run would."""

    def __init__(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self._tmp_path, self._monkeypatch, self._capsys = tmp_path, monkeypatch, capsys

    def __call__(self, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
        """Run one command with the operator's environment (plus `settings`) and working directory."""
        with self._monkeypatch.context() as patch:
            patch.chdir(self._tmp_path)  # a .env is read from the working directory, as in a shell
            for name in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL"):
                patch.delenv(name, raising=False)
            patch.setenv("DATABASE_URL", _operator_env(self._tmp_path)["DATABASE_URL"])
            for name, value in settings.items():
                patch.setenv(name, value)
            self._capsys.readouterr()
            with _process_state_kept():
                try:
                    code = main(list(args))
                except SystemExit as exit_:  # argparse's own exits (usage errors, --help)
                    code = exit_.code if isinstance(exit_.code, int) else 1
            out, err = self._capsys.readouterr()
        # Read back as text=True would: the progress bar's carriage returns become line breaks.
        return subprocess.CompletedProcess(["fieldbot", *args], code, _lines(out), _lines(err))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
