"""The TUI uses Textual's public API only, so a Textual upgrade cannot break it from inside.

Private is a leading underscore: a module (``textual.widgets._footer``), a name imported from
a module, an attribute read on another object (``app._keymap``), or an attribute that a
Textual class defines and a tandem subclass reads, sets or overrides
(``self._bindings_ready`` in a ``Footer``). A tandem class's own private attributes are fine.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import tandem.tui

TUI = Path(tandem.tui.__file__).parent
SOURCES = sorted(TUI.rglob("*.py"))
LIBRARIES = ("textual", "rich")


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def private_imports(tree: ast.AST) -> Iterator[str]:
    """``textual._x`` and ``rich._x`` modules, and private names imported from them."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules, names = [node.module], [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] not in LIBRARIES:
                continue
            if any(is_private(part) for part in parts):
                yield f"line {node.lineno}: imports the private module {module}"
            yield from (
                f"line {node.lineno}: imports the private name {name} from {module}"
                for name in names
                if is_private(name)
            )


def foreign_private_attributes(tree: ast.AST) -> Iterator[str]:
    """``x._y`` where ``x`` is not ``self`` or ``cls``: another object's internals."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and not is_self(node.value):
            yield f"line {node.lineno}: {ast.unparse(node)}"


@cache
def textual_private_names(base: type) -> frozenset[str]:
    """Private attributes a Textual class defines: in its body or set on ``self``."""
    names = {name for name in vars(base) if is_private(name)}
    try:
        source = textwrap.dedent(inspect.getsource(base))
    except (OSError, TypeError):
        return frozenset(names)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and is_self(node.value):
            names.add(node.attr)
    return frozenset(names)


def inherited_private_attributes(tree: ast.AST, scope: Mapping[str, Any]) -> Iterator[str]:
    """``self._y`` in a class of ``scope`` where ``_y`` belongs to a Textual base class."""

    def classes(body: list[ast.stmt], owner: Any) -> Iterator[tuple[ast.ClassDef, type]]:
        for node in body:
            if isinstance(node, ast.ClassDef):
                found = owner.get(node.name) if isinstance(owner, Mapping) else None
                found = found if found is not None else getattr(owner, node.name, None)
                if isinstance(found, type):
                    yield node, found
                    yield from classes(node.body, found)

    assert isinstance(tree, ast.Module)
    for node, cls in classes(tree.body, scope):
        textual_names: set[str] = set()
        for base in cls.__mro__[1:]:
            if base.__module__.split(".")[0] in LIBRARIES:
                textual_names |= textual_private_names(base)
        defined = {
            target.id
            for item in node.body
            if isinstance(item, (ast.Assign, ast.AnnAssign))
            for target in (item.targets if isinstance(item, ast.Assign) else [item.target])
            if isinstance(target, ast.Name)
        } | {
            item.name
            for item in node.body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        for item in ast.walk(node):
            if isinstance(item, ast.Attribute) and is_self(item.value):
                used = item.attr
                if used in textual_names:
                    yield f"line {item.lineno}: {cls.__name__} uses Textual's {used}"
        for name in sorted(defined & textual_names):
            yield f"{cls.__name__} overrides Textual's {name}"


def problems(source: str, scope: Mapping[str, Any]) -> list[str]:
    tree = ast.parse(source)
    return [
        *private_imports(tree),
        *foreign_private_attributes(tree),
        *inherited_private_attributes(tree, scope),
    ]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(TUI.parent.parent).with_suffix("").parts).removesuffix(
        ".__init__"
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(TUI)))
def test_the_tui_uses_no_private_textual_api(path: Path) -> None:
    module = importlib.import_module(module_name(path))
    found = problems(path.read_text(encoding="utf-8"), vars(module))
    assert not found, f"{path.relative_to(TUI)} uses private API:\n" + "\n".join(found)


def test_the_check_finds_each_kind_of_private_use() -> None:
    source = textwrap.dedent(
        """
        from textual.widgets._footer import FooterKey
        from textual.app import App
        from textual.widgets import Footer

        class Keys(Footer):
            def changed(self, app: App[None]) -> object:
                self._bindings_ready = True
                self._own = FooterKey
                return app._keymap

            def _on_mount(self) -> None:
                pass

            _nodes = None
        """
    )
    scope: dict[str, Any] = {}
    exec(compile(source, "<check>", "exec"), scope)  # noqa: S102 - the source above
    assert problems(source, scope) == [
        "line 2: imports the private module textual.widgets._footer",
        "line 10: app._keymap",
        "line 8: Keys uses Textual's _bindings_ready",
        "Keys overrides Textual's _nodes",
        "Keys overrides Textual's _on_mount",
    ]


def test_the_tests_read_toasts_through_textuals_public_notify_message() -> None:
    """Tests see what the app told through ``Notify`` (``conftest.Toasts``), never through
    the app's private list of notifications."""
    tests = Path(__file__).parent.parent
    readers = [
        f"{path.relative_to(tests)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "app._notifications" in line and path.name != Path(__file__).name
    ]
    assert readers == []


def test_the_tests_read_the_screen_through_textuals_public_screenshot() -> None:
    """Tests read what is on screen from ``App.export_screenshot`` (``conftest.screen_text``),
    never from a screen's private compositor."""
    tests = Path(__file__).parent.parent
    readers = [
        f"{path.relative_to(tests)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "._compositor" in line and path.name != Path(__file__).name
    ]
    assert readers == []
