"""ui: the Qt wizard."""
