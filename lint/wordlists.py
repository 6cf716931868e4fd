"""Word-list files: UTF-8, one entry per line, ``#`` starts a comment line."""

from __future__ import annotations

from pathlib import Path


def parse_word_list(text: str) -> list[str]:
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return entries


def read_word_list(path: str | Path) -> list[str]:
    return parse_word_list(Path(path).read_text(encoding="utf-8"))
