"""The baseline of the wizard's figures: a bare QWizard, started the way the wizard is started.

    python bench/bare_wizard.py                    # show it until SIGTERM or Ctrl-C (time to first window)
    python bench/bare_wizard.py --peak-after 2     # show it, run its event loop 2 s, print its peak RSS (KiB)

Like ui/app.py run as the `sithsclient` program, it makes a QApplication named "sithsclient" (so the same
xdotool search finds its window: X's WM_CLASS is the program's name and the application's name), shows
one QWizard with a title and a page, closes on SIGTERM/SIGINT through a timer, and does nothing else: no card,
no translations, no style sheet. It is also the program of the bare-Qt bundle (bench/bare_qt.spec).
"""

from __future__ import annotations

import argparse
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

TITLE = "Bare QWizard"


def peak_rss_kib() -> int:
    """The process's peak resident set (VmHWM), in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peak-after", type=float, metavar="SECONDS")
    args = parser.parse_args(argv)
    app = QApplication(["sithsclient"])  # X's WM_CLASS: instance from argv[0], class from the application name
    app.setApplicationName("sithsclient")
    wizard = QWizard()
    wizard.setWindowTitle(TITLE)
    wizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
    page = QWizardPage()
    page.setTitle(TITLE)
    QVBoxLayout(page).addWidget(QLabel("A bare QWizard: the baseline of bench/run.py"))
    wizard.addPage(page)
    wizard.resize(wizard.fontMetrics().averageCharWidth() * 125, wizard.fontMetrics().height() * 40)
    wizard.show()
    if args.peak_after is not None:
        QTimer.singleShot(int(args.peak_after * 1000), app.quit)
        app.exec()
        print(peak_rss_kib(), flush=True)
        return 0
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _signum, _frame: wizard.close())
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
