"""The core is UI-free, and importing tandem does no work."""

from __future__ import annotations

import subprocess
import sys


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
