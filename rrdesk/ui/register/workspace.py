"""Everything the case screens open: case windows, the case form, lists, exports.

One workspace per session (a child object of it, found with ``workspace_for``), so
the Cases page and the cohort view open the same window for the same case.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

from rrdesk.domain.case import CaseDetails
from rrdesk.domain.errors import ValidationErrors
from rrdesk.services.case_io import export_cases
from rrdesk.services.cases import CaseService
from rrdesk.services.forms import CASE_MODEL, FormService, RecordSummary
from rrdesk.services.register import RegisterFilter
from rrdesk.services.vaults import Vault
from rrdesk.tables.files import kind_of
from rrdesk.ui.documents.jobs import session_runner
from rrdesk.ui.forms.editors import Lookups
from rrdesk.ui.forms.page import FormPage
from rrdesk.ui.mappa.case_tab import MappaRecord
from rrdesk.ui.mappa.dialogs import ReferralDialog, new_referral
from rrdesk.ui.mappa.meeting_window import MeetingWindow
from rrdesk.ui.register.case_list_dialog import CaseListDialog
from rrdesk.ui.register.case_window import CaseWindow
from rrdesk.ui.register.merge_dialogs import DuplicateWarningDialog

if TYPE_CHECKING:
    from rrdesk.ui.operations import Operation
    from rrdesk.ui.session import VaultSession

CASE_FORM = "case_details"
EXPORT_FILTER = "Excel workbook (*.xlsx);;CSV (*.csv)"


class FormWindow(QWidget):
    """A form page in a window of its own; closing it keeps unsaved input as a draft."""

    closed = Signal()

    def __init__(self, page: FormPage, title: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.page = page
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(page)
        self.resize(820, 760)
        page.cancelled.connect(self.close)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if not self.page.service.vault.is_locked:
            self.page.save_draft()  # nothing to keep after Save or Cancel
        self.closed.emit()
        super().closeEvent(event)


class CaseWorkspace(QObject):
    case_changed = Signal(int)
    rules_changed = Signal()  # the team's local rules were saved: recompute what uses them
    meeting_changed = Signal(int)

    def __init__(self, session: VaultSession) -> None:
        super().__init__(session)
        self.session = session
        self.case_windows: dict[int, CaseWindow] = {}
        self.meeting_windows: dict[int, MeetingWindow] = {}
        self.form_windows: list[FormWindow] = []
        self.dialogs: list[QWidget] = []

    @property
    def vault(self) -> Vault:
        return self.session.vault

    # ----------------------------------------------------------------- cases
    def open_case(self, case_id: int) -> CaseWindow:
        window = self.case_windows.get(case_id)
        if window is None:
            window = CaseWindow(self.vault, case_id)
            window.documents_run = session_runner(self.session, window)
            window.changed.connect(self.case_changed)
            window.edit_details.connect(self.edit_case)
            window.forms_tab.new_requested.connect(
                lambda form_id, c=case_id: self.new_form(c, form_id))
            window.forms_tab.open_requested.connect(
                lambda summary, c=case_id: self.open_form(c, summary))
            window.mappa_tab.open_review.connect(self.open_meeting)
            window.mappa_tab.refer.connect(lambda c: self.refer_case(c, window))
            # Temporary copies of attachments go when the vault locks.
            self.session.about_to_lock.connect(window.mappa_tab.remove_copies)
            self.case_windows[case_id] = window
        else:
            window.reload_details()  # opening again is a new consultation
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # ----------------------------------------------------------------- MAPPA
    def open_meeting(self, meeting_id: int, review_id: int | None = None) -> MeetingWindow:
        window = self.meeting_windows.get(meeting_id)
        if window is None:
            window = MeetingWindow(self.vault, meeting_id)
            window.documents.run = session_runner(self.session, window)
            window.changed.connect(self.meeting_changed)
            window.case_changed.connect(self.case_changed_elsewhere)
            self.session.about_to_lock.connect(window.save_if_changed)
            self.meeting_windows[meeting_id] = window
        else:
            window.reload()
        if review_id is not None:
            window.show_review(review_id)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def case_changed_elsewhere(self, case_id: int) -> None:
        """A case changed outside its window (minutes approved, a referral decided): its
        window, if open, reads the case again; the pages hear of it."""
        if case_id in self.case_windows:
            self.case_windows[case_id].reload()  # changed, not opened again
        self.case_changed.emit(case_id)

    def refer_case(self, case_id: int | None, parent: QWidget | None = None) -> ReferralDialog:
        """A new MAPPA referral (of ``case_id`` when given)."""
        dialog = new_referral(self.vault, parent, case_id)
        dialog.accepted.connect(lambda: self._referred(dialog))
        self.dialogs.append(dialog)
        return dialog

    def _referred(self, dialog: ReferralDialog) -> None:
        case_id = dialog.person.currentData()
        if case_id in self.case_windows:
            self.case_windows[case_id].reload()
        self.meeting_changed.emit(0)

    def show_cases(self, ids: list[int], title: str) -> CaseListDialog:
        dialog = CaseListDialog(self.vault, ids, title)
        dialog.open_case.connect(self.open_case)
        dialog.show()
        self.dialogs.append(dialog)
        return dialog

    # ----------------------------------------------------------------- the case form
    def _lookups(self, service: FormService) -> Lookups:
        return Lookups(people=service.people(), resolve=service.person_label)

    def _form_window(self, page: FormPage, title: str) -> FormWindow:
        window = FormWindow(page, title)
        self.session.about_to_lock.connect(page.save_draft)
        self.form_windows.append(window)
        window.show()
        return window

    def new_case(self) -> FormWindow:
        service = FormService(self.vault)
        page = FormPage(service, service.definition(CASE_FORM), lookups=self._lookups(service))
        window = self._form_window(page, "New case — rrdesk")
        page.before_save = lambda values: self._no_duplicates(page, values)
        page.saved.connect(lambda _record: self._case_added(window))
        return window

    def edit_case(self, case_id: int) -> FormWindow:
        service = FormService(self.vault)
        opened = service.open_case_details(case_id, CASE_FORM)
        page = FormPage(service, opened.definition, opened.values, record_id=opened.record_id,
                        case_id=case_id, lookups=self._lookups(service))
        window = self._form_window(page, "Case details — rrdesk")
        page.saved.connect(lambda _record: self._case_edited(window, case_id))
        return window

    # ----------------------------------------------------------------- a person's forms
    def new_form(self, case_id: int, form_id: str) -> FormWindow:
        """A new record of ``form_id`` about the case (a draft of one is offered back)."""
        service = FormService(self.vault)
        definition = service.definition(form_id)
        page = FormPage(service, definition, service.new_values(definition, case_id),
                        case_id=case_id, lookups=self._lookups(service))
        return self._person_form(page, case_id)

    def open_form(self, case_id: int, summary: RecordSummary) -> FormWindow | None:
        """A saved record as it was captured, or a draft of a new one, put back as typed;
        a MAPPA record in its own screen."""
        if isinstance(summary, MappaRecord):
            if summary.kind == "minutes":
                self.open_meeting(summary.meeting_id, summary.record_id)
            elif case_id in self.case_windows:
                window = self.case_windows[case_id]
                window.tabs.setCurrentWidget(window.mappa_tab)
                window.mappa_tab.show_record(summary)
            return None
        service = FormService(self.vault)
        if summary.record_id is None:
            definition = service.definition(summary.form_id, summary.version)
            page = FormPage(service, definition, service.new_values(definition, case_id),
                            case_id=case_id, lookups=self._lookups(service))
            page.restore_draft()
        else:
            opened = service.open(summary.record_id)  # logged as a consultation
            page = FormPage(service, opened.definition, opened.values,
                            record_id=opened.record_id, case_id=opened.case_id,
                            lookups=self._lookups(service))
        return self._person_form(page, case_id)

    def _person_form(self, page: FormPage, case_id: int) -> FormWindow:
        window = self._form_window(page, f"{page.definition.title} — rrdesk")
        page.saved.connect(lambda _record: self._form_saved(window, case_id))
        window.closed.connect(lambda: self._forms_changed(case_id))
        return window

    def _form_saved(self, window: FormWindow, case_id: int) -> None:
        window.close()  # the case window reloads its forms when the form window closes
        self.case_changed.emit(case_id)

    def _forms_changed(self, case_id: int) -> None:
        window = self.case_windows.get(case_id)
        if window is not None:
            window.reload()  # a form may have changed the case too (needs, level)

    def _case_added(self, window: FormWindow) -> None:
        case_id = window.page.case_id
        window.close()
        self.case_changed.emit(case_id)
        self.open_case(case_id)

    def _case_edited(self, window: FormWindow, case_id: int) -> None:
        window.close()
        if case_id in self.case_windows:
            self.case_windows[case_id].reload()  # changed, not opened again
        self.case_changed.emit(case_id)

    def _no_duplicates(self, page: FormPage, values: dict[str, Any]) -> bool:
        """True when nobody in the vault may be this person; otherwise ask first."""
        columns = {f.store.column: values.get(f.id)
                   for f in page.definition.bound_fields(CASE_MODEL)}
        try:
            details = CaseDetails(**{"family_name": "", **{k: v for k, v in columns.items()
                                                           if v is not None}})
            found = CaseService(self.vault).possible_duplicates(details)
        except (ValidationErrors, TypeError):
            return True  # the save itself will name what is wrong
        if not found:
            return True
        dialog = DuplicateWarningDialog(found, page)
        dialog.open_existing.connect(lambda case_id: self._open_instead(page, case_id))
        dialog.add_anyway.connect(lambda: page.save(confirmed=True))
        dialog.open()
        self.duplicate_dialog = dialog  # kept for tests and so it is not collected
        return False

    def _open_instead(self, page: FormPage, case_id: int) -> None:
        page.cancel()
        self.open_case(case_id)

    # ----------------------------------------------------------------- exporting
    def export_caseload(self, parent: QWidget, f: RegisterFilter,
                        done: Callable[[Path, int], None] | None = None) -> Operation | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export the caseload", "caseload.xlsx",
                                              EXPORT_FILTER)
        if not path:
            return None
        return self.export_to(Path(path), f, parent, done)

    def export_to(self, path: Path, f: RegisterFilter, parent: QWidget | None = None,
                  done: Callable[[Path, int], None] | None = None) -> Operation:
        """Export as an operation: the window keeps answering, a progress bar shows, and
        Cancel leaves no file and no audit entry. ``done(path, count)`` when written."""
        kind = kind_of(path)
        return self.session.run(
            lambda vault, progress: export_cases(vault, path, kind, f=f, overwrite=True,
                                                 progress=progress),
            label=f"Exporting the caseload to {path.name}…", cancellable=True, parent=parent,
            on_success=lambda count: done(path, count) if done else None)


def workspace_for(session: VaultSession) -> CaseWorkspace:
    found = session.findChild(CaseWorkspace)
    return found if found is not None else CaseWorkspace(session)
