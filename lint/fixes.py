"""Apply fixes to files: insertions only, atomically, every other byte unchanged.

The file is read again and must decode to exactly the text that was linted (else it
changed on disk meanwhile and is left alone). Offsets into the LF-normalised text are
mapped back to the file's own line endings; inserted text gets the file's line ending,
encoding and BOM. The new content is written to a temporary file in the same folder,
flushed to disk, given the original's permissions, and renamed over the original, so
a reader or a crash sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from bisect import bisect_left
from dataclasses import dataclass

from lint.document import decode, normalise_newlines
from lint.errors import InputError
from lint.findings import Finding, Fix

_BREAK = re.compile(r"\r\n|\r|\n")
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


@dataclass(frozen=True)
class FixResult:
    path: str
    old: str  # the file's text as it was (line endings as in the file)
    new: str
    fixes: int


def fixes_by_path(findings: list[Finding]) -> dict[str, list[Fix]]:
    """The distinct fixes per file, in the order findings came."""
    grouped: dict[str, list[Fix]] = {}
    for finding in findings:
        if finding.fix is not None and finding.fix not in grouped.setdefault(finding.path, []):
            grouped[finding.path].append(finding.fix)
    return {p: f for p, f in grouped.items() if f}


def plan(path: str, data: bytes, linted_source: str, fixes: list[Fix]) -> FixResult:
    """What the file becomes with ``fixes`` applied (nothing is written)."""
    text, encoding, bom = decode(data, path)
    if normalise_newlines(text) != linted_source:
        raise InputError(f"{path}: changed on disk since it was linted; not fixed")
    newline = _newline_of(text)
    # extra[k]: characters a CRLF file has beyond the LF text before its k-th break.
    breaks, extra = [], [0]
    for m in _BREAK.finditer(text):
        breaks.append(m.start() - extra[-1])
        extra.append(extra[-1] + len(m.group()) - 1)
    new = text
    # From the end backwards, so earlier offsets stay valid; stable for equal offsets.
    for fix in sorted(fixes, key=lambda f: f.offset, reverse=True):
        k = bisect_left(breaks, fix.offset)
        at = fix.offset + extra[k]
        new = new[:at] + fix.text.replace("\n", newline) + new[at:]
    return FixResult(path, text, new, len(fixes))


def write(result: FixResult, data: bytes) -> None:
    """Atomically replace the file, if it still holds ``data``."""
    path = result.path
    _, encoding, bom = decode(data, path)
    payload = (_BOMS[encoding] if bom else b"") + result.new.encode(encoding)
    with open(path, "rb") as f:
        if f.read() != data:
            raise InputError(f"{path}: changed on disk while fixing; not fixed")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".seolint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def unified_diff(result: FixResult) -> str:
    old = normalise_newlines(result.old).splitlines(keepends=True)
    new = normalise_newlines(result.new).splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{result.path}", f"b/{result.path}"))


def _newline_of(text: str) -> str:
    m = _BREAK.search(text)
    return m.group() if m else "\n"
