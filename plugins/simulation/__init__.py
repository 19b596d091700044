"""The simulation plugin: Monte Carlo projections of a portfolio's value."""
