"""rrdesk: reducing re-offending desk."""

__version__ = "0.1.0"
