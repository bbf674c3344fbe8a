"""Next Round's performance bench: ``python bench/run.py`` (see the README's Performance section)."""
