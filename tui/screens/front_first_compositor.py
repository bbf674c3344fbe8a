"""A compositor that skips drawing what is hidden behind widgets already drawn.

Textual's compositor paints front to back and keeps, for each piece of a line between two
widget edges ("cuts"), the first strip it gets. It still asks every widget behind for all of
its lines and divides each line at every cut, then drops the pieces: the screen and the
containers behind the board's columns were drawn and cut up in full on every frame, about
half of the compositor's time on a screen switch.

``FrontFirstCompositor._render_chops`` gives the same chops (it is a copy of Textual 8's
``_render_chops`` and ``_get_renders``, each piece still from the front-most widget), but
asks a widget to draw only when one of its rendered lines still has an empty piece in its
span, and divides only those lines. Re-check on a Textual upgrade:
tests/test_front_first_compositor.py compares every screen's frames with Textual's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class FrontFirstCompositor(Compositor):
    """Textual's compositor, without drawing and cutting up lines that are already covered."""

    def _render_chops(
        self,
        crop: Region,
        is_rendered_line: Callable[[int], bool],
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        crop_overlaps = crop.overlaps
        intersection = Region.intersection

        for widget, (region, clip) in self.visible_widgets.items():  # front to back
            if not crop_overlaps(clip):
                continue
            render_region = intersection(region, clip)
            if not (render_region.width and render_region.height):
                continue
            first_cut, last_cut = render_region.column_span
            # The lines where this widget still shows somewhere, with the cuts in its span.
            open_lines: list[tuple[int, list[int]]] = []
            for y in render_region.line_range:
                if not is_rendered_line(y):
                    continue
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                get_chop = chops[y].get
                if any(get_chop(cut) is None for cut in final_cuts[:-1]):
                    open_lines.append((y, final_cuts))
            if not open_lines:
                continue
            strips = widget.render_lines(
                Region(render_region.x - region.x, render_region.y - region.y, render_region.width, render_region.height)
            )
            render_x, render_y = render_region.x, render_region.y
            for y, final_cuts in open_lines:
                index = y - render_y
                if index >= len(strips):
                    break
                chops_line = chops[y]
                get_chop = chops_line.get
                pieces = strips[index].divide([cut - render_x for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces):
                    if get_chop(cut) is None:
                        chops_line[cut] = piece
        return chops  # type: ignore[return-value]
