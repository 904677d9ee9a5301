"""What the window says when it is asked to close while the upgrade writes to the card."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def close_refused_box(parent: QWidget, *, card_out: bool) -> QMessageBox:
    """The box, opened: the card would be left half upgraded until the next run, so the window stays.
    Its words are the wizard's (context "UpgradeWizard", literal for lupdate)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("UpgradeWizard", "The upgrade is working on your card"),
        QCoreApplication.translate(
            "UpgradeWizard",
            "The program cannot be closed while it writes to your card: the card would be left half "
            "upgraded until you start it again. Wait until it is finished; it takes about a minute and a half.",
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "UpgradeWizard", "If the card is out of the reader, put it back, or press \u201cStop the upgrade\u201d."
        )
        if card_out
        else ""
    )
    box.open()
    return box
