"""The core is UI-free, and importing tandem does no work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .interop.test_import_bulk import _package


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_services_do_not_load_textual_or_rich() -> None:
    loaded = _loaded_after(
        "import tandem.services, tandem.storage, tandem.decks, tandem.scheduling"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}


def test_cli_import_does_not_load_the_tui_or_database() -> None:
    loaded = _loaded_after("import tandem.cli")
    assert "textual" not in loaded
    assert "tandem.tui" not in loaded
    assert "sqlite_utils" not in loaded


def test_reading_config_and_formatting_a_commented_deck_do_not_load_tomlkit() -> None:
    loaded = _loaded_after(
        "from pathlib import Path\n"
        "from tandem.config.app_file import load\n"
        "from tandem.decks.writer import format_text\n"
        "load(Path('/nonexistent/config.toml'))\n"
        "assert format_text('+++\\n# why\\ntitle = \"t\"  # eol\\n+++\\n').count('#') == 2"
    )
    assert "tandem.decks.writer" in loaded
    assert "tomlkit" not in loaded


def test_a_sync_that_finds_nothing_new_loads_no_parser_or_pathspec(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.md").write_text("Q: q\nA: a\n<!-- id: aaaa0001 -->\n")
    (decks / "README.md").write_text("Q: not a card\n")
    sync = (
        "from tandem.config import resolve_paths\n"
        "from tandem.services import build_services\n"
        f"svc = build_services(resolve_paths({str(tmp_path / 't.db')!r}, {str(decks)!r}))\n"
        "assert svc.sync.run().files == 1\n"  # the README is not a deck
    )
    _loaded_after(sync)  # the first sync reads the file
    again = _loaded_after(sync)
    assert "tandem.decks.parser" not in again
    assert "pathspec" not in again
    (decks / ".tandemignore").write_text("drafts/\n")
    assert "pathspec" in _loaded_after(sync)


def test_each_package_lists_its_modules_in_all() -> None:
    """A package whose ``__init__`` imports nothing names every module it holds in
    ``__all__`` (what it offers, for readers and for ``from package import *``)."""
    import ast

    root = Path(__file__).parent.parent / "src" / "tandem"
    checked = 0
    for init in root.rglob("*/__init__.py"):  # the packages below tandem
        tree = ast.parse(init.read_text())
        imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        if any(not (isinstance(n, ast.ImportFrom) and n.module == "__future__") for n in imports):
            continue  # a package that re-exports names (models, services, tui, cli)
        listed = next(
            ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
        )
        modules = {p.stem for p in init.parent.glob("*.py") if p.stem != "__init__"}
        packages = {p.parent.name for p in init.parent.glob("*/__init__.py")}
        assert set(listed) == modules | packages, init
        checked += 1
    assert checked >= 10


def test_an_anki_package_import_loads_no_other_formats_reader(tmp_path: Path) -> None:
    package = _package(tmp_path / "p.apkg")
    imported = _loaded_after(
        "from tandem.config import resolve_paths\n"
        "from tandem.services import build_services\n"
        f"svc = build_services(resolve_paths({str(tmp_path / 't.db')!r}, "
        f"{str(tmp_path / 'decks')!r}))\n"
        "svc.people.add('alice')\n"
        f"assert svc.importer.run(__import__('pathlib').Path({str(package)!r}), "
        "person='alice').added == 24\n"
    )
    assert "tandem.interop.mapping" in imported
    others = ("tandem.interop.mochi", "tandem.interop.foreign", "tandem.interop.anki_text",
              "tandem.interop.hashcards", "tandem.interop.obsidian_sr")  # fmt: skip
    assert not imported & set(others)
