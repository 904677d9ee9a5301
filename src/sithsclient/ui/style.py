"""The few style rules the wizard needs: coloured notices and readable headings, nothing more.

Colours carry meaning only together with words (a notice always says what it is), and the notice text is
set dark on its light box so that a dark desktop theme keeps it readable.
"""

STYLE = """
QLabel#heading { font-size: 13pt; font-weight: bold; }
QLabel#code { font-family: monospace; }
QFrame#notice { border-radius: 4px; border: 1px solid #8a8886; background: #f3f2f1; }
QFrame#notice[tone="info"] { border-color: #0f6cbd; background: #ebf3fc; }
QFrame#notice[tone="warning"] { border-color: #bc4b09; background: #fdf6f3; }
QFrame#notice[tone="error"] { border-color: #c50f1f; background: #fdf3f4; }
QFrame#notice[tone="success"] { border-color: #107c10; background: #f1faf1; }
QLabel#noticeText { color: #201f1e; }
QLabel#stepState[state="running"] { font-weight: bold; }
QLabel#stepState[state="done"] { color: #107c10; }
QLabel#stepState[state="failed"] { color: #c50f1f; }
"""
