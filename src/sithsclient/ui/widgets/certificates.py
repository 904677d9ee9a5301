"""The certificates on a card as a table a user can read aloud to IT support: use, issuer, validity, kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from sithsclient.pki.inventory import CertificateInfo
from sithsclient.ui import texts


class CertificateList(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Used for"), self.tr("Valid"), self.tr("Kind"), self.tr("Issued by")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setAccessibleName(self.tr("Certificates on the card"))
        self.setMinimumHeight(self.fontMetrics().height() * 5)

    def show_certificates(self, certificates: Iterable[CertificateInfo], now: dt.datetime | None = None) -> None:
        self.clear()
        for cert in certificates:
            days = cert.days_left(now)
            item = QTreeWidgetItem(
                [
                    texts.purpose_name(cert.purpose),
                    texts.validity_text(cert.not_after, days),
                    texts.generation_name(cert.generation),
                    cert.issuer,
                ]
            )
            for column in range(4):
                item.setToolTip(column, item.text(column))
            self.addTopLevelItem(item)

    def rows(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and the screen reader alike)."""
        rows = []
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            assert item is not None
            rows.append([item.text(column) for column in range(self.columnCount())])
        return rows
