"""For IT support: the same report as `sithsclient diagnose`, to read out, copy, or save as a bundle.

The report is gathered on the card queue (it reads the card and probes the issuing service), never on the
GUI thread. It holds no PIN: none is asked for here, and none is ever logged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sithsclient import diagnostics
from sithsclient.app.context import AppContext
from sithsclient.app.snapshot import ReadersSnapshot
from sithsclient.config import Config
from sithsclient.ui import i18n
from sithsclient.ui.prompter import Question
from sithsclient.ui.tasks import TaskQueue
from sithsclient.ui.widgets.common import Notice, Tone, text_label
from sithsclient.ui.wizard_run import WizardRun
from sithsclient.upgrade.journal import JournalStore


class DiagnosticsDialog(QDialog):
    def __init__(
        self,
        config: Config,
        store: JournalStore,
        queue: TaskQueue,
        parent: QWidget,
        *,
        context: AppContext | None = None,
    ) -> None:
        """`context`: the wizard's, so that the report reads the cards where the wizard does (practice mode's
        card in the program) and says practice mode."""
        super().__init__(parent)
        self.config = config
        self.store = store
        self.queue = queue
        self.source = context.card_source if context is not None else None
        self.practice = context is not None and context.practice is not None
        self.data: dict[str, Any] | None = None
        self.save_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Information for IT support"))
        self.intro = text_label(
            self.tr(
                "This report helps IT support find out what went wrong. It holds no PIN code. Copy it into a "
                "message, or save a support bundle (with the logs) and attach it to your ticket."
            )
        )
        # The code the person is calling about, and where the runbook explains it (docs/runbook-*.md).
        self.last_stop = text_label(selectable=True)
        self.last_stop.setAccessibleDescription(self.tr("The last stop"))
        self.last_stop.setVisible(False)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(self.tr("Report"))
        self.text.setPlainText(self.tr("Gathering the report…"))
        self.status = Notice(Tone.SUCCESS)
        self.status.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.copy = self.buttons.addButton(self.tr("&Copy to clipboard"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save = self.buttons.addButton(self.tr("&Save support bundle…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(self.tr("C&lose"), QDialogButtonBox.ButtonRole.RejectRole)
        self.copy.clicked.connect(self.copy_to_clipboard)
        self.save.clicked.connect(self.ask_where_to_save)
        self.close_button.clicked.connect(self.reject)
        self.copy.setEnabled(False)
        self.save.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.last_stop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 30)

    def show_last_stop(self, code: str) -> None:
        """The wizard's last stop: its code and its runbook entry, in the person's language."""
        language = "sv" if i18n.current() == "sv" else "en"
        self.last_stop.setText(
            self.tr("Error code of the last stop: {code}\nIn the runbook: {link}").format(
                code=code, link=diagnostics.runbook_link(code, language)
            )
            if code
            else ""
        )
        self.last_stop.setVisible(bool(code))

    def gather(
        self,
        *,
        read_cards: bool = True,
        read_before: ReadersSnapshot | None = None,
        run: WizardRun | None = None,
        waiting: Question | None = None,
    ) -> None:
        """The report, on the card queue. While `run` waits for the person (`waiting`), the card is not read:
        the report shows `read_before`, the wizard's read before the run, and which question the run waits at."""
        config, store, source, practice = self.config, self.store, self.source, self.practice
        before = read_before.status_json() if read_before is not None and not read_cards else None
        facts = None
        if run is not None and run.operation is not None and waiting is not None:
            facts = {"operation": run.operation.name, "card_serial": run.serial, "waiting_for": waiting.kind.value}

        def gathered() -> dict[str, Any]:
            return diagnostics.report(
                config,
                store,
                read_cards=read_cards,
                source=source,
                read_before=before,
                run=facts,
                practice=practice,
            )

        self.queue.run(gathered, self._show, self._failed)

    def _show(self, data: object) -> None:
        assert isinstance(data, dict)
        self.data = data
        self.text.setPlainText(diagnostics.as_text(data, i18n.current()))  # IT support hears the wizard's words
        self.copy.setEnabled(True)
        self.save.setEnabled(True)

    def _failed(self, exc: Exception) -> None:
        self.text.setPlainText(self.tr("The report could not be gathered: {error}").format(error=exc))

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.status.set_text(self.tr("The report is on the clipboard."), Tone.SUCCESS)

    def ask_where_to_save(self) -> None:
        dialog = QFileDialog(self, self.tr("Save support bundle"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Support bundle (*.zip)"))
        dialog.setDefaultSuffix("zip")
        dialog.selectFile(str(Path.home() / "sithsclient-support.zip"))
        dialog.fileSelected.connect(lambda name: self.save_bundle(Path(name)))
        self.save_dialog = dialog
        dialog.open()

    def save_bundle(self, path: Path) -> None:
        if self.data is None:
            return
        try:
            written = diagnostics.write_bundle(path, self.data, self.store, i18n.current())
        except OSError as exc:
            self.status.set_text(
                self.tr("The bundle could not be saved: {error}").format(error=exc.strerror or exc), Tone.ERROR
            )
            return
        self.status.set_text(self.tr("Support bundle saved: {path}").format(path=written), Tone.SUCCESS)
