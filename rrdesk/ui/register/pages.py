"""The Cases and Pathways pages of the main window, wired to the shared workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from rrdesk.ui.plan.page import PlanPage
from rrdesk.ui.register.cohort_page import CohortPage
from rrdesk.ui.register.page import CaseRegisterPage
from rrdesk.ui.register.workspace import workspace_for

if TYPE_CHECKING:
    from rrdesk.ui.session import VaultSession


def cases_page(session: VaultSession) -> QWidget:
    workspace = workspace_for(session)
    page = CaseRegisterPage(session)
    page.open_case.connect(workspace.open_case)
    page.new_case.connect(workspace.new_case)
    page.export_requested.connect(lambda: _export(page, workspace))
    workspace.case_changed.connect(lambda _id: page.reload())
    workspace.rules_changed.connect(page.reload)
    return page


def _export(page: CaseRegisterPage, workspace) -> None:  # noqa: ANN001
    def done(path, count: int) -> None:  # noqa: ANN001
        page.count_label.setText(f"{count:,} cases exported to {path.name} "
                                 "(OFFICIAL-SENSITIVE: handle accordingly)")

    workspace.export_caseload(page, page.current_filter(), done)


class PathwaysPage(QTabWidget):
    """The cohort at a glance and the partnership plan, fresh each time they are shown."""

    def __init__(self, session: VaultSession) -> None:
        super().__init__()
        workspace = workspace_for(session)
        self.cohort = CohortPage(session)
        self.cohort.show_cases.connect(workspace.show_cases)
        self.plan = PlanPage(session)
        self.addTab(self.cohort, "Cohort view")
        self.addTab(self.plan, "Partnership plan")
        workspace.case_changed.connect(lambda _id: self.isVisible() and self.cohort.reload())
        workspace.rules_changed.connect(self.cohort.reload)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.cohort.reload()
        self.plan.refresh()
        super().showEvent(event)


def pathways_page(session: VaultSession) -> QWidget:
    return PathwaysPage(session)
