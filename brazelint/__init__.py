"""brazelint: a static analyzer for Braze integrations."""

__version__ = "0.1.0"
