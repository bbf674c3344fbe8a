"""A compositor that skips drawing what is hidden behind widgets already drawn.

Textual's compositor paints front to back and keeps, for each piece of a line between two
widget edges ("cuts"), the first strip it gets. It still asks every widget behind for all of
its lines and divides each line at every cut, then drops the pieces: the screen and the
containers behind the board's columns were drawn and cut up in full on every frame, about
half of the compositor's time on a screen switch.

``FrontFirstCompositor._render_chops`` gives the same chops (it is a copy of Textual 8's
``_render_chops`` and ``_get_renders``, each piece still from the front-most widget), but
asks a widget to draw only when one of its rendered lines still has an empty piece in its
span, and divides only those lines.

A partial update (a card ticked, a scrollbar redrawn) sends the terminal only the pieces of
each line that touch a changed region, but Textual draws every widget on those lines: a
scrollbar's refresh redrew the three board columns beside it. ``render_partial_update`` works
out which pieces it will send, and a widget is drawn only if one of those is still empty in its
span; pieces that will not be sent may stay empty (Textual's ``ChopsUpdate`` skips them).

Re-check on a Textual upgrade: tests/test_front_first_compositor.py compares every screen's
frames and partial updates with Textual's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class FrontFirstCompositor(Compositor):
    """Textual's compositor, without drawing and cutting up lines that are already covered."""

    # While a partial update renders: per line, the cuts of the pieces it will send; the regions.
    _wanted_pieces: dict[int, set[int]] | None = None
    _wanted_regions: list[Region] | None = None

    def render_partial_update(self) -> ChopsUpdate | None:
        """Textual 8's ``render_partial_update``, with the spans handed to ``_render_chops``."""
        screen_region = self.size.region
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(update_regions).intersection(screen_region)
        spans = list(self._regions_to_spans(update_regions))
        by_line: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in spans:
            by_line.setdefault(y, []).append((x1, x2))
        cuts = self.cuts
        wanted = {
            y: {cut for cut, end in zip(cuts[y], cuts[y][1:]) if _sent(cut, end, line_spans)}
            for y, line_spans in by_line.items()
        }
        self._wanted_pieces, self._wanted_regions = wanted, list(update_regions)
        try:
            chops = self._render_chops(crop, wanted.__contains__)
        finally:
            self._wanted_pieces = self._wanted_regions = None
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        return ChopsUpdate(chops, spans, chop_ends)

    def _render_chops(
        self,
        crop: Region,
        is_rendered_line: Callable[[int], bool],
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        # (getattr: the test also runs this method on Textual's own compositor)
        wanted, wanted_regions = getattr(self, "_wanted_pieces", None), getattr(self, "_wanted_regions", None)
        # Per line, how many of the pieces to send are still empty (0: skip the line).
        to_draw = {y: len(pieces) for y, pieces in wanted.items()} if wanted is not None else {}
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        crop_overlaps = crop.overlaps
        intersection = Region.intersection

        for widget, (region, clip) in self.visible_widgets.items():  # front to back
            if not crop_overlaps(clip):
                continue
            render_region = intersection(region, clip)
            if not (render_region.width and render_region.height):
                continue
            lines = render_region.line_range
            if wanted_regions is not None:  # a partial update: only where a changed region is
                touching = [r for r in wanted_regions if r.overlaps(render_region)]
                if not touching:
                    continue
                lines = range(max(lines.start, min(r.y for r in touching)), min(lines.stop, max(r.bottom for r in touching)))
            first_cut, last_cut = render_region.column_span
            # The lines where this widget still shows somewhere, with the cuts in its span.
            open_lines: list[tuple[int, list[int]]] = []
            for y in lines:
                if not is_rendered_line(y):
                    continue
                if wanted is not None and not to_draw[y]:
                    continue
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                get_chop = chops[y].get
                if wanted is None:
                    if any(get_chop(cut) is None for cut in final_cuts[:-1]):
                        open_lines.append((y, final_cuts))
                else:
                    needed = wanted[y]
                    if any(cut in needed and get_chop(cut) is None for cut in final_cuts[:-1]):
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
                needed = wanted[y] if wanted is not None else ()
                for cut, piece in zip(final_cuts, pieces):
                    if get_chop(cut) is None:
                        chops_line[cut] = piece
                        if cut in needed:
                            to_draw[y] -= 1
        return chops  # type: ignore[return-value]


def _sent(x: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does a piece from ``x`` to ``end`` show any cell of these spans (each from x1 to x2)?

    ``ChopsUpdate`` also visits a piece that starts right at a span's end, but writes none of
    its cells (only a cursor move); such a piece is left empty, and an empty piece is skipped.
    """
    return any(x < x2 and end > x1 for x1, x2 in spans)
