"""Version of the toneclf package (kept apart so that importing it is cheap)."""

__version__ = "0.1.0"
