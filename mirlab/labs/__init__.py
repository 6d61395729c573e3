"""Instructor tools: build the lab notebooks from their sources, and grade submitted notebooks.

Command line: ``python -m mirlab.labs build [--check] [--solutions-only]`` and
``python -m mirlab.labs grade FOLDER``. See the README's instructor section.
"""

from .build import BuildError, build_all, find_repo_root, find_sources, render, stale_notebooks

__all__ = ["BuildError", "build_all", "find_repo_root", "find_sources", "render", "stale_notebooks"]
