"""Textual's stylesheet, without parsing the same CSS again for the same variables.

At start-up Textual parsed every app-level CSS source three times before the first frame:
once when the first screen was registered, again when ``App.refresh_css`` (run for the first
mode screen, and on every theme change) set the variables, which empties the parse cache even
when they did not change, and re-parsed in a fresh stylesheet whose cache is then dropped; and
a third time when the screen's widgets added their DEFAULT_CSS, since every ``parse`` goes
through all sources. Each parse of ours cost 7-10 ms here.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class CachingStylesheet(Stylesheet):
    """A Stylesheet whose parse cache survives ``set_variables`` with the same variables and
    ``reparse``. Its entries are keyed by each source's text and place, and always parsed with
    the current variables (a real change of variables still empties it)."""

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # every rule parsed so far still holds
        super().set_variables(variables)

    def reparse(self) -> None:
        # As Textual 8's ``Stylesheet.reparse`` (parse in a fresh stylesheet, so that CSS with
        # errors leaves this one as it was), but sharing the parse cache both ways.
        fresh = Stylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache  # noqa: SLF001 - the point of this class
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker, scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)  # noqa: SLF001 - as Textual does
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
