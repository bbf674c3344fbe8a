"""How to upgrade, in the words of how this copy was installed (pipx, uv, pip, a checkout)."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def upgrade_advice(package_root: Path = PACKAGE_ROOT, prefix: str = sys.prefix, executable: str = sys.executable) -> str:
    """One sentence: the upgrade command that fits this installation."""
    parts = Path(prefix).parts
    if "pipx" in parts:
        return "Upgrade with `pipx upgrade nextround`."
    if "uv" in parts and "tools" in parts:
        return "Upgrade with `uv tool upgrade nextround`."
    if not any(part in ("site-packages", "dist-packages") for part in package_root.parts):
        return f"This copy runs from a source checkout ({package_root.parent}): update it there (`git pull`)."
    return f"Upgrade with `{executable} -m pip install -U nextround`."
