"""Widgets that render the night: each takes what to show and draws it, nothing more."""
