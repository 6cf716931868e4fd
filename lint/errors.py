"""Exit codes and the errors that end a run with a clear message (never a traceback)."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0  # nothing at or above the fail level
    FINDINGS = 1  # findings at or above the fail level
    ERROR = 2  # usage, configuration or input error


class SeolintError(Exception):
    """An error the user can fix; its message is printed as is on stderr."""


class ConfigError(SeolintError):
    """A configuration or rule pack is invalid. The message names file, line and key."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class InputError(SeolintError):
    """A file to lint cannot be read or decoded."""
