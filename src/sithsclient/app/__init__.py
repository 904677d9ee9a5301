"""app: what both views (the wizard and the command line) stand on, without Qt and without argparse.

It builds an engine run from the configuration (`runs.py`), holds the card snapshot the first page shows
(`snapshot.py`), the reminders (`reminders.py`) and the PIN tools (`pin_tools.py`), and the context a view works
in (`context.py`: configuration, journals, the issuing service, practice mode's controls).
"""
