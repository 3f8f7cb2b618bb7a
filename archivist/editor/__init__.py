"""The editors' loop (issue 6): edit operations, propagated fixes, diffs, training examples.

- :mod:`archivist.editor.ops`: the registry of structured edits on an Article.
- :mod:`archivist.editor.patterns`: pure rules that generalise an edit to a pattern.
- :mod:`archivist.editor.propagate`: find, preview, apply and revert propagated fixes.
- :mod:`archivist.editor.diff`: line diffs between two states of an article.
- :mod:`archivist.editor.learn`: editors' corrections as labelled examples; the
  block-role model ``archivist retrain`` fits.
"""
