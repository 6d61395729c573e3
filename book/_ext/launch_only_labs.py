"""Sphinx extension: keep the "launch" (Colab) button on lab pages only.

sphinx-book-theme adds launch buttons to every executable page. The chapters are MyST Markdown
notebooks, and Colab opens only ``.ipynb`` files from a repository, so on a chapter page the
button would lead to an error. The labs are committed as ``.ipynb`` (``labs/*.ipynb``): there the
button opens the student notebook on Colab.
"""

from __future__ import annotations


def _drop_launch_buttons(app, pagename, templatename, context, doctree):
    source = str(app.env.doc2path(pagename, base=False)) if pagename in app.env.all_docs else ""
    if source.endswith(".ipynb"):
        return
    buttons = context.get("header_buttons")
    if buttons:
        context["header_buttons"] = [b for b in buttons if b.get("label") != "launch-buttons"]


def setup(app):
    # The theme adds the buttons at priority 501; run after it.
    app.connect("html-page-context", _drop_launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
