"""Placement invariance: what a plugin observes of another is the same colocated and split."""
