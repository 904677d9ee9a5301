"""Dialogs over the wizard: the card lock, PIN questions, diagnostics, unexpected errors."""
