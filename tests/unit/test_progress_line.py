"""The terminal progress line of long commands."""

import io

from rrdesk.cli.progress_line import ProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_is_redrawn_in_place_and_cleared() -> None:
    term = Terminal()
    with ProgressLine("Importing caseload.csv", term) as line:
        line(0, 50_000)
        line(50_000, 50_000)
        shown = term.getvalue()
    assert shown.startswith("\rImporting caseload.csv: 0% (0 of 50,000)")
    assert shown.endswith("\rImporting caseload.csv: 100% (50,000 of 50,000)")
    assert "\n" not in term.getvalue()  # redrawn, never scrolled
    assert term.getvalue().endswith("\r")  # and wiped at the end


def test_redraws_are_limited_but_the_end_is_always_shown() -> None:
    term = Terminal()
    line = ProgressLine("Exporting", term)
    for done in range(0, 10_001, 10):
        line(done, 10_000)
    assert term.getvalue().count("\r") < 20
    assert term.getvalue().endswith("100% (10,000 of 10,000)")


def test_nothing_is_written_when_the_output_is_not_a_terminal() -> None:
    piped = io.StringIO()
    with ProgressLine("Importing", piped) as line:
        line(1, 2)
        line(2, 2)
    assert piped.getvalue() == ""
