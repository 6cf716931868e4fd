"""Find, load, merge and validate configuration and rule packs.

Configuration is ``.seolint.yaml`` (or ``[tool.seolint]`` in pyproject.toml), found by
walking up from each linted file, or given with ``--config``. It ``extends`` rule packs
(built-in names such as ``health`` or paths to a team's pack files), changes rules
under ``rules:``, and changes them again for some files under ``overrides:``.
Validation is strict: any unknown key, unknown rule id, wrong type, missing word list
or bad pattern is a ``ConfigError`` naming file, line and key.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import re2

from lint.errors import ConfigError
from lint.findings import RuleInfo, Severity
from lint.globs import matches_any
from lint.kinds import KINDS, Option
from lint.kinds.base import DataFile
from lint.nlp import BLANK
from lint.wordlists import read_word_list
from lint.yamlfile import MarkedMap, load_yaml_file

CONFIG_FILE_NAMES = (".seolint.yaml", ".seolint.yml")
PYPROJECT = "pyproject.toml"
DEFAULT_PACKS = ("health", "seo")
CORE_PACK = "seolint"  # always loaded: rules about the linting itself
FAIL_LEVELS = ("error", "warning", "info", "never")
TOP_LEVEL_KEYS = {"extends", "exclude", "fail_on", "nlp", "rules", "overrides"}
NLP_KEYS = {"model"}
OVERRIDE_KEYS = {"files", "rules"}
PACK_KEYS = {"pack", "description", "rules"}
RULE_KEYS = {"kind", "severity", "enabled", "description", "help", "ignore"}
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*\.[a-z0-9][a-z0-9_-]*$")
# Rules the engine itself reports (not produced by a kind).
ENGINE_RULES = {
    "seolint.unused-suppression": RuleInfo(
        "seolint.unused-suppression",
        "engine",
        Severity.INFO,
        "An inline seolint-disable comment that suppresses nothing.",
        "Remove the comment, or fix the rule id it names, so stale suppressions do not hide "
        "future problems.",
    ),
}


def builtin_packs_dir() -> Path:
    """The installed rule packs (``rules/`` in the source tree, ``lint/rules`` in a wheel)."""
    spec = importlib.util.find_spec("lint.rules")  # data package mapped from rules/
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "rules"  # a source checkout


@dataclass(frozen=True)
class RuleSpec:
    """A rule as configured: its kind, severity and complete, validated options."""

    id: str
    kind: str
    severity: Severity
    enabled: bool
    description: str
    help: str
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    ignore: tuple[str, ...] = ()
    ignore_root: str = ""  # ignore globs are relative to this directory

    def info(self) -> RuleInfo:
        return RuleInfo(
            self.id, self.kind, self.severity, self.description, self.help, self.enabled
        )


@dataclass(frozen=True)
class OptionInfo:
    """One option of a configured rule: its kind's declaration and the value in use."""

    name: str
    type: str
    value: Any
    default: Any
    help: str


def option_infos(spec: RuleSpec) -> list[OptionInfo]:
    """The options of ``spec``'s kind, in declaration order, with the values in use."""
    kind = KINDS.get(spec.kind)
    if kind is None:  # an engine rule: no options
        return []
    return [
        OptionInfo(name, opt.type, spec.options.get(name, opt.default), opt.default, opt.help)
        for name, opt in kind.options.items()
    ]


@dataclass
class Config:
    path: str | None  # the file it came from; None for the built-in defaults
    root: Path  # globs (exclude, overrides, ignore) are relative to this directory
    rules: dict[str, RuleSpec]
    exclude: tuple[str, ...] = ()
    fail_on: str = "error"
    nlp_model: str = BLANK
    overrides: list[tuple[tuple[str, ...], dict[str, RuleSpec]]] = field(default_factory=list)

    def rules_for(self, path: str | Path) -> list[RuleSpec]:
        """The enabled rules for one file, with overrides and ignore globs applied."""
        if not self.path_dependent:
            return list(self._rules_with(()))
        rel = self.relative(path)
        matching = tuple(
            i for i, (globs, _) in enumerate(self.overrides) if matches_any(rel, globs)
        )
        return [
            r for r in self._rules_with(matching) if not (r.ignore and matches_any(rel, r.ignore))
        ]

    def relative(self, path: str | Path) -> str:
        p = Path(path)
        if p.is_absolute():
            try:
                return p.relative_to(self.root).as_posix()
            except ValueError:
                return p.as_posix()
        return p.as_posix()

    @property
    def path_dependent(self) -> bool:
        """Whether files get different rules (overrides or per-rule ignore globs)."""
        return bool(self.overrides) or any(r.ignore for r in self._rules_with(()))

    @lru_cache(maxsize=64)  # noqa: B019 - one Config lives for the whole run
    def _rules_with(self, override_indexes: tuple[int, ...]) -> tuple[RuleSpec, ...]:
        rules = dict(self.rules)
        for i in override_indexes:
            rules.update(self.overrides[i][1])
        return tuple(r for r in rules.values() if r.enabled)

    def __hash__(self) -> int:
        return id(self)


# -- packs ---------------------------------------------------------------------------


def load_pack(path: Path) -> dict[str, RuleSpec]:
    data = load_yaml_file(path)
    where = str(path)
    if not isinstance(data, MarkedMap):
        raise ConfigError("a rule pack must be a mapping with `pack` and `rules`", where)
    _check_keys(data, PACK_KEYS, where)
    name = data.get("pack")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ConfigError(
            "`pack` must be a lowercase name (letters, digits, - and _)",
            where,
            data.line_of("pack"),
        )
    rules_map = data.get("rules") or MarkedMap()
    if not isinstance(rules_map, MarkedMap):
        raise ConfigError(
            "`rules` must be a mapping of rule names to rules", where, data.line_of("rules")
        )
    rules = {}
    for short, body in rules_map.items():
        line = rules_map.line_of(short)
        rule_id = f"{name}.{short}"
        if not RULE_ID.match(rule_id):
            raise ConfigError(f"invalid rule name {short!r}", where, line)
        if not isinstance(body, MarkedMap) or "kind" not in body:
            raise ConfigError(f"rule {short!r} needs a mapping with at least `kind`", where, line)
        kind = body["kind"]
        if kind not in KINDS:
            raise ConfigError(
                f"rule {short!r}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})",
                where,
                body.line_of("kind"),
            )
        kind_cls = KINDS[kind]
        base = RuleSpec(
            id=rule_id,
            kind=kind,
            severity=Severity.ERROR,
            enabled=True,
            description=kind_cls.description,
            help="",
            options={k: opt.default for k, opt in kind_cls.options.items()},
        )
        rules[rule_id] = _apply(base, body, path.parent, where, pack=True)
    return rules


def _apply(spec: RuleSpec, value: Any, base_dir: Path, where: str, pack: bool = False) -> RuleSpec:
    """Apply one rule setting (``off``, a severity, or a mapping of keys) to a rule."""
    line = getattr(value, "line", None)
    if value is False or value == "off":
        return replace(spec, enabled=False)
    if value is True or value == "on":
        return replace(spec, enabled=True)
    if isinstance(value, str):
        return replace(spec, enabled=True, severity=_severity(value, where, line, spec.id))
    if not isinstance(value, MarkedMap):
        raise ConfigError(
            f"{spec.id}: expected off, on, a severity or a mapping, got {value!r}", where, line
        )
    kind_options = KINDS[spec.kind].options if spec.kind in KINDS else {}
    allowed = (RULE_KEYS if pack else RULE_KEYS - {"kind", "description", "help"}) | set(
        kind_options
    )
    _check_keys(value, allowed, where, context=spec.id)
    options = dict(spec.options)
    changes: dict[str, Any] = {}
    for key, item in value.items():
        key_line = value.line_of(key)
        if key == "severity":
            changes["severity"] = _severity(item, where, key_line, spec.id)
        elif key == "enabled":
            if not isinstance(item, bool):
                raise ConfigError(f"{spec.id}: `enabled` must be true or false", where, key_line)
            changes["enabled"] = item
        elif key in ("description", "help"):
            if not isinstance(item, str):
                raise ConfigError(f"{spec.id}: `{key}` must be text", where, key_line)
            changes[key] = " ".join(item.split())
        elif key == "ignore":
            changes["ignore"] = tuple(_strings(item, where, key_line, f"{spec.id}.ignore"))
            changes["ignore_root"] = str(base_dir)
        elif key != "kind":
            options[key] = convert_option(
                kind_options[key],
                item,
                options.get(key),
                base_dir,
                where,
                key_line,
                f"{spec.id}.{key}",
            )
    if "enabled" not in changes and not pack:
        changes["enabled"] = True  # configuring a rule turns it on
    return replace(spec, options=options, **changes)


def convert_option(
    opt: Option, value: Any, current: Any, base_dir: Path, where: str, line: int | None, name: str
) -> Any:
    """Validate a configured option value and convert it to what the kind receives."""

    def fail(expected: str) -> ConfigError:
        return ConfigError(f"`{name}` must be {expected}, got {value!r}", where, line)

    t = opt.type
    if t == "bool":
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("a whole number")
        return value
    if t == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("a number")
        return float(value)
    if t == "str":
        if not isinstance(value, str):
            raise fail("text")
        if opt.choices and value not in opt.choices:
            raise fail("one of " + ", ".join(opt.choices))
        return value
    if t == "strings":
        return _strings(value, where, line, name)
    if t == "patterns":
        # Like word lists: a list, a file of patterns, or {file, add, remove}.
        patterns = _words(value, current or [], base_dir, where, line, name)
        for pattern in patterns:
            try:
                re2.compile(pattern)
            except re2.error as exc:
                raise ConfigError(
                    f"`{name}`: invalid pattern {pattern!r} ({exc}); patterns use RE2 syntax "
                    "(no backreferences or lookaround), which always runs in linear time",
                    where,
                    line,
                ) from None
        return patterns
    if t == "mapping":
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise fail("a mapping")
        return {
            k: v if isinstance(v, str) else _strings(v, where, line, f"{name}.{k}")
            for k, v in value.items()
        }
    if t == "words":
        return _words(value, current or [], base_dir, where, line, name)
    if t == "file":
        # A data file next to the configuration that names it, or "off".
        if not isinstance(value, str) or not value:
            raise fail('a file name or "off"')
        if value == "off":
            return value
        path = base_dir / value
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise ConfigError(
                f"`{name}`: cannot read {path}: {exc.strerror or exc}", where, line
            ) from None
        return DataFile(str(path.resolve()), digest)
    raise AssertionError(f"unknown option type {t}")


def _words(value, current: list[str], base_dir: Path, where: str, line, name: str) -> list[str]:
    """A word list: a list, a file name, or ``{file, add, remove}`` to change the current one."""
    if isinstance(value, str):
        return _read_list(base_dir / value, where, line, name)
    if isinstance(value, list):
        return _strings(value, where, line, name)
    if isinstance(value, MarkedMap):
        _check_keys(value, {"file", "add", "remove"}, where, context=name)
        words = list(current)
        if "file" in value:
            if not isinstance(value["file"], str):
                raise ConfigError(
                    f"`{name}.file` must be a file name", where, value.line_of("file")
                )
            words = _read_list(base_dir / value["file"], where, value.line_of("file"), name)
        words += _strings(value.get("add", []), where, value.line_of("add"), f"{name}.add")
        remove = {
            w.lower() for w in _strings(value.get("remove", []), where, line, f"{name}.remove")
        }
        return [w for w in words if w.lower() not in remove]
    raise ConfigError(
        f"`{name}` must be a list of words, a word-list file, or {{file, add, remove}}", where, line
    )


def _read_list(path: Path, where: str, line, name: str) -> list[str]:
    try:
        return read_word_list(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"`{name}`: cannot read word list {str(path)!r}: {exc.__class__.__name__}", where, line
        ) from None


def _strings(value, where: str, line, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"`{name}` must be a list of text values, got {value!r}", where, line)
    return list(value)


def _severity(value, where: str, line, rule: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"{rule}: severity must be error, warning or info, got {value!r}", where, line
        ) from None


def _check_keys(data: MarkedMap, allowed: set[str], where: str, context: str = "") -> None:
    for key in data:
        if key not in allowed:
            prefix = f"{context}: " if context else ""
            raise ConfigError(
                f"{prefix}unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
                where,
                data.line_of(key) if isinstance(data, MarkedMap) else None,
            )


# -- configuration files --------------------------------------------------------------


def default_config(root: Path | None = None) -> Config:
    return _default_config(root or Path.cwd())


@lru_cache(maxsize=4)
def _default_config(root: Path) -> Config:
    return build_config(MarkedMap(), None, root)


def load_config(path: Path) -> Config:
    """The configuration in ``path``; re-read when the file changes (editors, servers)."""
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return _load_config(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_config(path: Path, mtime_ns: int, size: int) -> Config:
    if path.name == PYPROJECT:
        data = _pyproject_table(path)
        if data is None:
            raise ConfigError("no [tool.seolint] table", str(path))
    else:
        data = load_yaml_file(path)
        if data is None:
            data = MarkedMap()
        if not isinstance(data, MarkedMap):
            raise ConfigError("configuration must be a mapping of keys to values", str(path))
    return build_config(data, str(path), path.parent)


def _pyproject_table(path: Path) -> MarkedMap | None:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    table = data.get("tool", {}).get("seolint")
    return None if table is None else _marked(table)


def from_mapping(data: dict, root: Path) -> Config:
    """A configuration given as a mapping (the Python API) instead of a file."""
    return build_config(_marked(data), "<config>", root)


def _marked(value):
    """Plain dicts (TOML, the API) as MarkedMaps; they have no lines: errors name the key."""
    if isinstance(value, dict):
        return MarkedMap({k: _marked(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_marked(v) for v in value]
    return value


def build_config(data: MarkedMap, where: str | None, root: Path) -> Config:
    src = where or "<defaults>"
    _check_keys(data, TOP_LEVEL_KEYS, src)
    packs = [CORE_PACK] + _strings(
        data.get("extends", list(DEFAULT_PACKS)), src, data.line_of("extends"), "extends"
    )
    rules: dict[str, RuleSpec] = {}
    for pack in packs:
        pack_path = _pack_path(pack, root, src, data.line_of("extends"))
        for rule_id, spec in load_pack(pack_path).items():
            if rule_id in rules and pack_path.parent != builtin_packs_dir():
                pass  # a later pack redefines a rule: it wins
            rules[rule_id] = spec

    def configure(section, line_key: str, base: dict[str, RuleSpec]) -> dict[str, RuleSpec]:
        if section is None:
            return {}
        if not isinstance(section, MarkedMap):
            raise ConfigError("`rules` must be a mapping of rule ids to settings", src, line_key)
        changed = {}
        for rule_id, value in section.items():
            line = section.line_of(rule_id)
            if rule_id in ENGINE_RULES:
                base.setdefault(rule_id, _engine_spec(rule_id))
            if rule_id not in base:
                raise ConfigError(
                    f"unknown rule id {rule_id!r}{_suggest(rule_id, base)}", src, line
                )
            if isinstance(value, MarkedMap) and not value.line:
                value.line = line
            changed[rule_id] = _apply(base[rule_id], value, root, src)
        return changed

    for rule_id in ENGINE_RULES:
        rules.setdefault(rule_id, _engine_spec(rule_id))
    rules.update(configure(data.get("rules"), data.line_of("rules"), rules))

    overrides = []
    raw_overrides = data.get("overrides", [])
    if not isinstance(raw_overrides, list):
        raise ConfigError(
            "`overrides` must be a list of {files, rules}", src, data.line_of("overrides")
        )
    for item in raw_overrides:
        if not isinstance(item, MarkedMap) or "files" not in item:
            raise ConfigError(
                "each override needs `files` (globs) and `rules`", src, data.line_of("overrides")
            )
        _check_keys(item, OVERRIDE_KEYS, src, context="overrides")
        globs = tuple(_strings(item["files"], src, item.line_of("files"), "overrides.files"))
        overrides.append((globs, configure(item.get("rules"), item.line_of("rules"), rules)))

    nlp = data.get("nlp") or MarkedMap()
    if not isinstance(nlp, MarkedMap):
        raise ConfigError("`nlp` must be a mapping", src, data.line_of("nlp"))
    _check_keys(nlp, NLP_KEYS, src, context="nlp")
    model = nlp.get("model", BLANK)
    if not isinstance(model, str):
        raise ConfigError(
            "`nlp.model` must be the name of an installed spaCy pipeline", src, nlp.line_of("model")
        )
    fail_on = data.get("fail_on", "error")
    if fail_on not in FAIL_LEVELS:
        raise ConfigError(
            f"`fail_on` must be one of {', '.join(FAIL_LEVELS)}", src, data.line_of("fail_on")
        )
    exclude = tuple(_strings(data.get("exclude", []), src, data.line_of("exclude"), "exclude"))
    return Config(where, root, rules, exclude, fail_on, model, overrides)


def _engine_spec(rule_id: str) -> RuleSpec:
    info = ENGINE_RULES[rule_id]
    return RuleSpec(rule_id, info.kind, info.severity, True, info.description, info.help)


def _pack_path(pack: str, root: Path, where: str, line) -> Path:
    if "/" in pack or pack.endswith((".yaml", ".yml")):
        path = (root / pack).resolve()
    else:
        path = builtin_packs_dir() / f"{pack}.yaml"
        if not path.is_file():
            known = sorted(
                p.stem for p in builtin_packs_dir().glob("*.yaml") if p.stem != CORE_PACK
            )
            raise ConfigError(
                f"unknown built-in pack {pack!r} (built-in: {', '.join(known)})", where, line
            )
    if not path.is_file():
        raise ConfigError(f"rule pack {pack!r} not found at {path}", where, line)
    return path


def _suggest(rule_id: str, rules: dict) -> str:
    import difflib

    close = difflib.get_close_matches(rule_id, list(rules), n=1)
    return f"; did you mean {close[0]!r}?" if close else " (see `seolint rules`)"


def clear_caches() -> None:
    """Forget loaded configurations and packs (a long-running server saw a file change)."""
    _load_config.cache_clear()
    _default_config.cache_clear()


def find_config_file(directory: Path, seen: dict | None = None) -> Path | None:
    """The nearest configuration file at or above ``directory``; ``seen`` remembers the
    answer for each folder on the way (a run asks for every folder of a repository)."""
    if seen is not None and directory in seen:
        return seen[directory]
    found = _config_file_in(directory)
    if found is None and directory.parent != directory:
        found = find_config_file(directory.parent, seen)
    if seen is not None:
        seen[directory] = found
    return found


def _config_file_in(directory: Path) -> Path | None:
    """The configuration file in ``directory`` itself, if any."""
    for name in CONFIG_FILE_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    pyproject = directory / PYPROJECT
    if pyproject.is_file() and _has_seolint_table(pyproject):
        return pyproject
    return None


def _has_seolint_table(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return "seolint" in tomllib.load(f).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def config_for(path: Path, explicit: Path | None = None) -> Config:
    """The configuration that applies to a linted file (or stdin's named path)."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config_file(path.resolve().parent)
    return load_config(found) if found else default_config(Path.cwd())
