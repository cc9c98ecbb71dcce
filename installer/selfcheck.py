"""rrdesk-selfcheck: does this rrdesk bundle work on this machine?

Built into the PyInstaller bundle beside ``rrdesk`` and ``rrdesk-cli`` (installer/rrdesk.spec)
and run by installer/smoke.sh; it also runs from a source checkout
(``python installer/selfcheck.py``). It checks what a frozen build can lose and the test
suite cannot see: the SQLCipher driver, the Alembic scripts, the bank holidays, the form
definitions, a printed PDF with its embedded fonts, and the Qt windows with their plugins
(last: Qt aborts the process when its platform plugin is missing).

It touches no real data: everything happens in a new temporary folder, which is also its
RRDESK_HOME (so the settings, logs and unlock throttle of whoever runs it are left alone), on
a demo vault of invented people with the published demo passphrase. One line per check;
exit 0 when all passed, 1 otherwise.

    rrdesk-selfcheck [--keep DIR]    DIR (new or empty) keeps the vault and the PDF
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

OFFICER = "Selfcheck Officer"


def check_driver(work: Path) -> str:
    import sqlcipher3
    from sqlcipher3 import _sqlite3 as driver

    module = Path(driver.__file__)
    if not module.is_file():
        raise RuntimeError(f"the driver's module {module} is not a file")
    bundle = getattr(sys, "_MEIPASS", None)
    where = module.relative_to(bundle) if bundle else module
    conn = sqlcipher3.connect(str(work / "driver-check.db"))
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not version or not version[0]:
        raise RuntimeError("the driver is not SQLCipher (no cipher_version)")
    return f"SQLCipher {version[0]} from {where}"


def check_migrations(work: Path) -> str:
    from rrdesk.store import migrate

    head = migrate.head_revision()
    if not head:
        raise RuntimeError(f"no Alembic revisions in {migrate.MIGRATIONS}")
    return f"head revision {head} ({len(migrate.known_revisions())} revisions)"


def check_holidays(work: Path) -> str:
    from rrdesk.domain.reviews import is_working_day

    # Christmas and the England and Wales summer bank holiday (Scotland's is on 3 August).
    expected = {dt.date(2026, 12, 25): False, dt.date(2026, 8, 31): False,
                dt.date(2026, 8, 3): True, dt.date(2026, 8, 28): True}
    wrong = [day.isoformat() for day, working in expected.items()
             if is_working_day(day) != working]
    if wrong:
        raise RuntimeError(f"wrong working days: {', '.join(wrong)}")
    return "England and Wales bank holidays known"


def check_data(work: Path) -> str:
    """The folders shipped as data are found, and (in a bundle) found inside it."""
    from rrdesk.documents.form_print import FONTS_DIR
    from rrdesk.forms.bundled import bundled_forms
    from rrdesk.store.migrate import MIGRATIONS
    from rrdesk.ui.resources import resources_dir

    folders = {"resources": resources_dir(), "fonts": FONTS_DIR, "forms": bundled_forms(),
               "migrations": MIGRATIONS}
    bundle = getattr(sys, "_MEIPASS", None)
    for name, folder in folders.items():
        if not folder.is_dir():
            raise RuntimeError(f"the {name} folder {folder} is missing")
        if bundle and not folder.resolve().is_relative_to(Path(bundle).resolve()):
            raise RuntimeError(f"the {name} folder {folder} is outside the bundle")
    if not (FONTS_DIR / "DejaVuSans.ttf").is_file():
        raise RuntimeError(f"no DejaVuSans.ttf in {FONTS_DIR}")
    return ("found in the bundle: " if bundle else "found: ") + ", ".join(folders)


def check_forms(work: Path) -> str:
    from rrdesk.services.forms import load_forms

    library = load_forms()
    if library.problems:
        raise RuntimeError(f"{len(library.problems)} problem(s) in the form definitions "
                           "(run: rrdesk-cli forms check)")
    if "case_details" not in library.form_ids():
        raise RuntimeError("the bundled form case_details is missing")
    return f"{len(library.form_ids())} forms"


def check_vault_and_pdf(work: Path) -> str:
    from rrdesk.services.demo import DEMO_PASSPHRASE, fill_demo
    from rrdesk.services.forms import FormService
    from rrdesk.store.vault import Vault

    path = work / "selfcheck.rrvault"
    with Vault.create(path, DEMO_PASSPHRASE, OFFICER,
                      fill=lambda v: fill_demo(v, cases=10, seed=1)) as vault:
        report = vault.check()
        if not report.ok:
            raise RuntimeError(f"integrity check: {'; '.join(report.problems)}")
        service = FormService(vault)
        saved = service.save(service.definition("case_details"),
                             {"family_name": "Selfcheck-Demo", "given_names": "Invented",
                              "iom_cohort": "none", "status": "active"})
        pdf = work / "selfcheck.pdf"
        service.print_record(saved.record_id, pdf)
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF") or b"DejaVuSans" not in data:
        raise RuntimeError("the PDF is not one with the embedded DejaVu fonts")
    return f"demo vault ok; record {saved.record_id} printed ({len(data):,} bytes, DejaVu embedded)"


def check_gui(work: Path) -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from rrdesk.services.demo import DEMO_PASSPHRASE
    from rrdesk.ui.app import setup_application
    from rrdesk.ui.controller import AppController
    from rrdesk.ui.resources import app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    setup_application(app)  # style sheet and icon from the resources folder
    if b"svg" not in [bytes(f) for f in QImageReader.supportedImageFormats()]:
        raise RuntimeError("Qt's SVG image plugin is missing")
    if app_icon().pixmap(32, 32).isNull():
        raise RuntimeError("the app icon (SVG) does not render")
    controller = AppController(work / "selfcheck.rrvault")
    try:
        controller.start()
        controller.open_vault(work / "selfcheck.rrvault", DEMO_PASSPHRASE)
        window = controller.main_window
        end = time.monotonic() + 1.0
        while time.monotonic() < end:  # let the pages load and paint
            QCoreApplication.processEvents()
            time.sleep(0.02)
        if window is None or not window.isVisible():
            raise RuntimeError("the main window did not open")
        title = window.windowTitle()
    finally:
        controller.shutdown()
        QCoreApplication.processEvents()
    return f"platform {app.platformName()}; main window open ({title!r})"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("driver", check_driver),
    ("migrations", check_migrations),
    ("holidays", check_holidays),
    ("data", check_data),
    ("forms", check_forms),
    ("vault+pdf", check_vault_and_pdf),
    ("gui", check_gui),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rrdesk-selfcheck", description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR (new or empty) and keep the vault and PDF there")
    args = parser.parse_args(argv)
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"{args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="rrdesk-selfcheck-"))
    os.environ["RRDESK_HOME"] = str(work / "home")  # before rrdesk looks for its folders
    failed = 0
    try:
        for name, check in CHECKS:
            try:
                detail = check(work)
            except Exception as e:  # every check runs; each failure is reported
                failed += 1
                print(f"FAIL  {name:<11} {type(e).__name__}: {e}", flush=True)
            else:
                print(f"ok    {name:<11} {detail}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"selfcheck: {len(CHECKS) - failed} of {len(CHECKS)} passed"
          + (f"; kept in {work}" if args.keep else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
