"""Progress: the seed's four steps, each with its state and the time it took (or has taken so far).

"Genererar certifikatsbegäran", "Hämtar och installerar certifikat", "Raderar gamla certifikat",
"Certifikaten är nedladdade och uppgraderingen är klar": the words users know from the old web page.
A slow card or service shows a running clock instead of a frozen window. While the run waits for the card
(pulled, or another card in the reader) the clock stops: a step's time is the time spent on it.
"""

from __future__ import annotations

import time
from enum import StrEnum

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWizardPage

from sithsclient import texts
from sithsclient.ui import i18n, style
from sithsclient.ui.widgets.common import Notice, Tone, announce, scrolling, text_label
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.operation import Operation
from sithsclient.upgrade.steps import CARD_STEPS, Step


class StepState(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    PAUSED = "paused"
    FAILED = "failed"


class ProgressPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Downloading the new certificates"))
        self.setSubTitle(self.tr("Do not pull the card out of the reader, and do not close the program."))
        self.states: dict[Step, StepState] = {}
        self._started: dict[Step, float] = {}
        self._took: dict[Step, float] = {}
        self._paused_s: dict[Step, float] = {}  # time spent waiting for the card, not on the step
        self._paused_at: float | None = None
        self._running: Step | None = None
        self._operation: Operation | None = None  # the run's: its steps and its words (None: no run yet)
        self.names: dict[Step, QLabel] = {}
        self.state_labels: dict[Step, QLabel] = {}
        self.times: dict[Step, QLabel] = {}

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, step in enumerate(CARD_STEPS):
            state = QLabel()
            state.setObjectName("stepState")
            name = text_label()
            took = QLabel()
            grid.addWidget(state, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(took, row, 2)
            self.names[step], self.state_labels[step], self.times[step] = name, state, took
        self.bar = QProgressBar()
        self.bar.setRange(0, len(CARD_STEPS))
        self.bar.setAccessibleName(self.tr("Progress"))
        self.bar.setTextVisible(False)
        self.detail = text_label()
        self.detail.setAccessibleDescription(self.tr("What happens now"))
        self.warning = Notice(
            Tone.WARNING,
            self.tr(
                "Do not pull the card out. If it comes out anyway, put the same card back: the upgrade goes on "
                "by itself."
            ),
        )
        layout = scrolling(self)
        layout.addLayout(grid)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.warning)
        self._clock = QTimer(self)
        self._clock.setInterval(200)
        self._clock.timeout.connect(self._tick)
        self.reset()

    def reset(self, operation: Operation | None = None) -> None:
        self._operation = operation
        self._started.clear()
        self._took.clear()
        self._paused_s.clear()
        self._paused_at = None
        self._running = None
        steps = self.steps()
        for step in CARD_STEPS:
            for widget in (self.names[step], self.state_labels[step], self.times[step]):
                widget.setVisible(step in steps)
            self._set_state(step, StepState.WAITING)
        self.bar.setRange(0, len(steps))
        self._title_for(Step.GENERATE)
        self.detail.setText("")
        self.bar.setValue(0)
        self._clock.stop()

    def on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.StepStarted) and event.step in CARD_STEPS:
            self._started[event.step] = event.at
            self._running = event.step
            self._set_state(event.step, StepState.RUNNING)
            self._title_for(event.step)
            self._clock.start()
        elif isinstance(event, ev.StepDone) and event.step in CARD_STEPS:
            self._resume_clock(event.at)
            self._took[event.step] = self._spent(event.step, event.at)
            self._set_state(event.step, StepState.DONE)
            self._running = None
            self.bar.setValue(sum(1 for s in self.states.values() if s is StepState.DONE))
        elif isinstance(event, ev.Progress):
            self.detail.setText(texts.progress_text(event.message, event.purpose))
        elif isinstance(event, ev.WaitingForOtherRun):
            self.setTitle(self.tr("Waiting for the other upgrade of this card"))
            self.detail.setText(
                self.tr(
                    "An upgrade of this card is already running, in another window of the program or from IT "
                    "support's command line. This one waits until it is finished, then reads the card again. "
                    "Nothing has been done here yet."
                )
            )
        elif isinstance(event, ev.Paused) and self._running is not None:
            self._set_state(self._running, StepState.PAUSED)
            if self._paused_at is None:
                self._paused_at = event.at
        elif isinstance(event, ev.Resumed) and self._running is not None:
            self._resume_clock(event.at)
            self._set_state(self._running, StepState.RUNNING)
        elif isinstance(event, ev.Failed) and self._running is not None:
            self._resume_clock(event.at)
            self._took[self._running] = self._spent(self._running, event.at)
            self._set_state(self._running, StepState.FAILED)
            self._running = None
        elif isinstance(event, ev.Finished):
            self._clock.stop()
        self._tick()

    def _title_for(self, step: Step) -> None:
        """The header says what is happening now: not "downloading" while the old certificates are deleted."""
        if step is Step.DELETE_OLD:
            self.setTitle(self.tr("Deleting the old certificates"))
        elif step is Step.DONE:
            self.setTitle(self.tr("Finishing"))
        elif self._operation is not None:
            self.setTitle(i18n.say(self._operation, self._operation.words.progress_title))
        else:
            self.setTitle(self.tr("Downloading the new certificates"))

    def _resume_clock(self, at: float) -> None:
        """The wait for the card is over (or the step ended during it): its time is not the step's."""
        if self._paused_at is not None and self._running is not None:
            self._paused_s[self._running] = self._paused_s.get(self._running, 0.0) + max(0.0, at - self._paused_at)
        self._paused_at = None

    def _spent(self, step: Step, until: float) -> float:
        """Seconds spent on `step` up to `until`, the waits for the card left out (a wait going on now too)."""
        waiting = max(0.0, until - self._paused_at) if self._paused_at is not None and step == self._running else 0.0
        return until - self._started.get(step, until) - self._paused_s.get(step, 0.0) - waiting

    def steps(self) -> tuple[Step, ...]:
        return self._operation.card_steps if self._operation is not None else CARD_STEPS

    def elapsed(self) -> float:
        """Seconds spent on the card steps: from the first one to now, or to the last one's end, without the waits
        for the card."""
        if not self._started:
            return 0.0
        first = min(self._started.values())
        last = max((self._started[s] + t + self._paused_s.get(s, 0.0) for s, t in self._took.items()), default=first)
        if self._running is not None:  # up to now, or to the start of the wait going on now
            last = self._paused_at if self._paused_at is not None else time.monotonic()
        return last - first - sum(self._paused_s.values())

    def _set_state(self, step: Step, state: StepState) -> None:
        self.states[step] = state
        words = {
            StepState.WAITING: self.tr("Waiting"),
            StepState.RUNNING: self.tr("In progress"),
            StepState.DONE: self.tr("Done"),
            StepState.PAUSED: self.tr("Waiting for the card"),
            StepState.FAILED: self.tr("Stopped"),
        }
        marks = {
            StepState.WAITING: "○",
            StepState.RUNNING: "▶",
            StepState.DONE: "✔",
            StepState.PAUSED: "‖",  # not U+23F8: the fonts the program can count on (DejaVu, Segoe UI) lack it
            StepState.FAILED: "✖",
        }
        label = self.state_labels[step]
        label.setText(f"{marks[state]} {words[state]}")
        style.step_look(label, state.value)
        name = i18n.step_text(step, self._operation)
        self.names[step].setText(name)
        self.names[step].setAccessibleName(f"{name}: {words[state]}")
        if state is not StepState.WAITING:  # each step's start and end, said as it happens
            announce(self.names[step], f"{name}: {words[state]}")

    def _seconds(self, value: float) -> str:
        return self.tr("{s} s").format(s=f"{value:.1f}".replace(".", "," if i18n.current() == "sv" else "."))

    def _tick(self) -> None:
        now = time.monotonic()
        for step in CARD_STEPS:
            if step in self._took:
                self.times[step].setText(self._seconds(self._took[step]))
            elif step == self._running:
                self.times[step].setText(self._seconds(self._spent(step, now)))
            else:
                self.times[step].setText("")
        if self._running is None:
            self._clock.stop()

    def isComplete(self) -> bool:
        return False  # the engine moves on, never the user
