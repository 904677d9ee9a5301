"""The certificates on a card, one short block each, in words a user can read aloud to IT support:
what it is used for, which kind (old SITHS or SITHS eID), who issued it, and until when it is valid.

Labels rather than a table: they wrap, so long Swedish words and 200 % scaling never hide a column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from sithsclient import texts
from sithsclient.pki.inventory import CertificateInfo
from sithsclient.ui.widgets.common import text_label


class CertificateList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Certificates on the card"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._rows: list[list[str]] = []
        self._empty = text_label(self.tr("No certificates"))
        self._layout.addWidget(self._empty)

    def clear(self) -> None:
        while self._layout.count() > 1:
            item = self._layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # now: deleteLater waits for the event loop, and a shown orphan would overlap
                widget.deleteLater()
        self._rows = []
        self._empty.setVisible(True)

    def show_certificates(self, certificates: Iterable[CertificateInfo], now: dt.datetime | None = None) -> None:
        self.clear()
        certificates = list(certificates)
        # A card with an extra pair from another organisation: each certificate says whose it is, since the two
        # pairs otherwise look the same (seed 000).
        several = len({c.hsa_id for c in certificates if c.hsa_id}) > 1
        for cert in certificates:
            row = [
                texts.purpose_name(cert.purpose),
                texts.generation_name(cert.generation),
                cert.issuer,
                texts.validity_text(cert.not_after, cert.days_left(now)),
                f"{cert.organisation} ({cert.hsa_id})" if several and cert.organisation else cert.hsa_id,
            ]
            self._rows.append(row)
            block = QFrame()
            block.setObjectName("certificate")
            whose = f" · {_escape(row[4])}" if several else ""
            title = QLabel(f"<b>{_escape(row[0])}</b> · {_escape(row[1])}{whose}")
            title.setWordWrap(True)
            detail = text_label(self.tr("Issued by {issuer}, valid {validity}").format(issuer=row[2], validity=row[3]))
            column = QVBoxLayout(block)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(title)
            column.addWidget(detail)
            block.setAccessibleName(f"{row[0]}, {row[1]}{', ' + row[4] if several else ''}, {detail.text()}")
            self._layout.addWidget(block)
        self._empty.setVisible(not self._rows)

    def rows(self) -> list[list[str]]:
        """What is shown, certificate by certificate: use, kind, issuer, validity, whose (HSA-ID)."""
        return [list(row) for row in self._rows]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
