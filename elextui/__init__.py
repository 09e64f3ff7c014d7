"""elextui: replay an election night live in the terminal."""

__version__ = "0.1.0"
