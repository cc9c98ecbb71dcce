"""The application log: what happened, never to whom.

Log lines carry events, record types, ids, counts and exception *types*; never names,
identifiers, passphrases or exception messages (a database message can quote a value).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from types import TracebackType

from rrdesk.store import paths

LOGGER = "rrdesk"


def configure_logging(level: int = logging.INFO) -> logging.Logger:
    logger = logging.getLogger(LOGGER)
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        return logger
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir() / "rrdesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return logger


def safe_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where an error happened (files, lines, functions) and its type, without its message."""
    frames = traceback.format_list(traceback.extract_tb(tb))
    return "".join(frames) + f"{exc_type.__module__}.{exc_type.__qualname__}"


def log_crash(exc_type: type[BaseException], exc: BaseException,
              tb: TracebackType | None) -> None:
    logging.getLogger(LOGGER).error("unhandled error:\n%s", safe_traceback(exc_type, tb))


def install_crash_logging() -> None:
    """Unhandled errors go to the log without their messages (which may hold personal data)."""
    sys.excepthook = log_crash
