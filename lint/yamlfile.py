"""Safe YAML loading that remembers the line of every mapping key.

Configuration errors must name the file, line and key; PyYAML's plain loaders forget
lines, so mappings are built as ``MarkedMap`` (a dict with ``lines``). Only the safe
loader is used: a tag that would build a Python object is an error, never executed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from lint.errors import ConfigError


class MarkedMap(dict):
    """A dict that knows the 1-based line of itself and of each key."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser, where PyYAML has it, reads the rule packs at every start about
# twenty times faster; a file it rejects is read again by _Loader, whose messages name
# the problem the same way on every platform.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedMap:
    loader.flatten_mapping(node)
    result = MarkedMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConfigError(
                "a mapping key must be a plain value", line=key_node.start_mark.line + 1
            ) from None
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str):
    """Parse YAML text; any problem is a ConfigError naming path, line and column."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ConfigError):
        pass  # read again below, for the message
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except ConfigError as exc:
        raise ConfigError(str(exc).split(": ", 1)[-1], path, exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        problem = str(exc.problem or exc.context)
        if exc.context and exc.context_mark and exc.problem:
            cm = exc.context_mark
            problem += f" ({exc.context} at line {cm.line + 1}, column {cm.column + 1})"
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path) from None


def load_yaml_file(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", str(path)) from None
    return load_yaml(text, str(path))
