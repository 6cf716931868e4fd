"""Gitignore-style globs for exclude, overrides and per-rule ignore lists.

``*`` matches within one path segment, ``**`` across segments, ``?`` one character.
A glob without ``/`` matches a file name at any depth (``*.html``, ``drafts``).
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def _compile(glob: str) -> re.Pattern:
    glob = glob.strip().removeprefix("./")
    anchored = "/" in glob.rstrip("/")
    glob = glob.strip("/")
    out = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    # A glob naming a folder matches everything inside it.
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def matches_any(path: str, globs) -> bool:
    return any(_compile(g).match(path) for g in globs)
