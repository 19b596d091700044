"""Turnout's built-in plugins; each is one Plugin object in ``<name>/plugin.py``."""
