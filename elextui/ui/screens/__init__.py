"""Screens: the main board, council detail, help and go-to-time."""
