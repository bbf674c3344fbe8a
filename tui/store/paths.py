"""Where Next Round keeps its data: one module decides, everything else is handed a path."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "nextround"
STORE_FILENAME = "nextround.json"
ENV_DATA_DIR = "NEXTROUND_DATA_DIR"


def default_data_dir() -> Path:
    """The platform's per-user data folder (e.g. ~/.local/share/nextround on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$NEXTROUND_DATA_DIR``, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env_value = os.environ.get(ENV_DATA_DIR)
    if env_value:
        return Path(env_value).expanduser()
    return default_data_dir()


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILENAME
