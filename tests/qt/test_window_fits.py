"""The main window fits a 1366 x 768 laptop screen on every page, nothing cut off."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QWidget

from rrdesk.services.demo import fill_demo

SCREEN_W, SCREEN_H = 1366, 768
# Screenshots to look at: RRDESK_SHOTS=/tmp/shots/caserec pytest ... (none saved otherwise)
SHOTS = Path(os.environ["RRDESK_SHOTS"]) if os.environ.get("RRDESK_SHOTS") else None


def save(window: QWidget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"{name}.png"))


def cut_off(page: QWidget, window: QWidget) -> list[str]:
    """Buttons and labels on the page whose text does not fit inside the window."""
    found = []
    for w in page.findChildren(QWidget):
        if not w.isVisibleTo(window) or not isinstance(w, QAbstractButton | QLabel):
            continue
        top_left = w.mapTo(window, w.rect().topLeft())
        right = top_left.x() + w.width()
        bottom = top_left.y() + w.height()
        if right > window.width() or bottom > window.height():
            found.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}")
        elif w.width() < w.minimumSizeHint().width() - 1:
            found.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} squeezed")
    return found


def test_every_page_fits_a_1366_by_768_screen(qtbot, make_controller, type_passphrase,
                                              vault, vault_path) -> None:
    fill_demo(vault, 60)
    vault.close()
    controller = make_controller(vault_path)
    main = type_passphrase(controller)
    for key in main.page_keys:
        page = main.show_page(key)
        hint = main.sizeHint()
        minimum = main.minimumSizeHint()
        assert hint.width() <= SCREEN_W and hint.height() <= SCREEN_H, (key, hint)
        assert minimum.width() <= SCREEN_W and minimum.height() <= SCREEN_H, (key, minimum)
        main.resize(SCREEN_W, SCREEN_H)
        qtbot.wait(300)  # pages that fill in the background (the cohort view) have done so
        assert main.width() == SCREEN_W, key  # nothing forces the window wider
        assert cut_off(page, main) == [], key
        save(main, f"main_{key}")
        if isinstance(page, QTabWidget):  # every tab
            for index in range(page.count()):
                page.setCurrentIndex(index)
                qtbot.wait(300)
                assert main.minimumSizeHint().width() <= SCREEN_W, (key, index)
                assert cut_off(page.widget(index), main) == [], (key, index)
                save(main, f"main_{key}_{index}")
