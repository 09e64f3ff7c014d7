"""The Textual app: screens and widgets that render the player's State."""
