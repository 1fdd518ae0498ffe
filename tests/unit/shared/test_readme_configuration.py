"""The README's configuration table lists every setting once, and nothing else.

A row may name several variables: ``RATE_LIMIT_GUEST``, ``_CUSTOMER`` stands for
``RATE_LIMIT_GUEST`` and ``RATE_LIMIT_CUSTOMER`` (a name starting with ``_`` continues a prefix
of the row's first name).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bigauto.config import Settings
from bigauto.services.shared.settings import declared

README = Path(__file__).resolve().parents[3] / "README.md"
DECLARED = {item.setting.env for item in declared(Settings)}


def _table_names() -> list[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        first_cell = row.split("|")[1]
        tokens = re.findall(r"`([A-Z0-9_]+)`", first_cell)
        if not tokens:
            continue
        head = tokens[0]
        names.append(head)
        for token in tokens[1:]:
            if not token.startswith("_"):
                names.append(token)
                continue
            parts = head.split("_")
            candidates = ["_".join(parts[:n]) + token for n in range(len(parts) - 1, 0, -1)]
            known = [c for c in candidates if c in DECLARED]
            names.append(known[0] if known else candidates[0])
    return names


def test_every_setting_is_in_the_readme_once() -> None:
    names = _table_names()
    twice = sorted(name for name, count in Counter(names).items() if count > 1)
    assert not twice, f"listed more than once: {twice}"
    assert not sorted(DECLARED - set(names)), "settings the README does not list"
    assert not sorted(set(names) - DECLARED), "README rows that are no setting"
