"""seolint: a linter for health and SEO articles.

Embedding API::

    import lint
    findings = lint.check_text(text, path="blog/post.md")   # config looked up from path
    report = lint.check_paths(["docs/"], config=".seolint.yaml")
"""

from __future__ import annotations


def check_text(text: str, path: str = "-", config=None, select=(), ignore=()) -> list:
    """Findings for one text, as if it were the file at ``path``.

    ``config``: None (look up from ``path``), a configuration file path, or a mapping.
    ``select``/``ignore``: rule ids or pack names to keep or drop.
    """
    from lint.engine import Linter

    return Linter(config, select=select, ignore=ignore).check_text(text, path)


def check_paths(paths, config=None, select=(), ignore=()):
    """A ``Report`` (findings, errors, files_checked) for files and folders."""
    from lint.engine import Linter

    return Linter(config, select=select, ignore=ignore).check_paths(list(paths))


def __getattr__(name):
    # `lint.Linter` without importing spaCy at package import time.
    if name == "Linter":
        from lint.engine import Linter

        return Linter
    raise AttributeError(name)
