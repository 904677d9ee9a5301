"""ui: the Qt wizard."""

from sithsclient.ui.pyside_sources import skip_source_reading

skip_source_reading()  # first of all, before any other module of the GUI is imported
