"""The application log never holds the text of an error (it may quote personal data)."""

import sys

from rrdesk.services.app_log import configure_logging, log_crash
from rrdesk.store import paths


def test_crash_is_logged_with_its_place_and_type_but_not_its_message(rrdesk_home) -> None:
    logger = configure_logging()
    marker = "Quillfeather-Canary 2019/9000001Y"
    try:
        raise ValueError(f"bad value {marker}")
    except ValueError:
        log_crash(*sys.exc_info())
    for handler in logger.handlers:
        handler.flush()
    text = (paths.log_dir() / "rrdesk.log").read_text()
    assert "ValueError" in text and "test_app_log.py" in text
    assert marker not in text
