"""Rule kinds: one module per kind; ``KINDS`` maps a kind name to its class."""

from __future__ import annotations

from lint.kinds.base import CorpusKind, Kind, Option

KINDS: dict[str, type[Kind]] = {}


def register(cls: type[Kind]) -> type[Kind]:
    KINDS[cls.name] = cls
    return cls


def _load_builtin_kinds() -> None:
    # Imported here so that each kind module only depends on ``base``.
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")


_load_builtin_kinds()

__all__ = ["KINDS", "CorpusKind", "Kind", "Option", "register"]
