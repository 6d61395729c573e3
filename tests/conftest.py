"""Shared pytest setup: plots use matplotlib's non-interactive Agg backend (no display needed)."""

import matplotlib

matplotlib.use("Agg")
