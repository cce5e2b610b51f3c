"""epn-tui: partnership conventions and partner directory for French EPN."""

__version__ = "0.1.0"
