"""Next Round's performance bench: ``python bench/run.py`` (see bench/README.md)."""
