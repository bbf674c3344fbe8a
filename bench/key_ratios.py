"""Figure 2 alone, as the full bench takes it: ``python -m bench.key_ratios SMALL LARGE``.

One child process per round measures both stores (the order flipping each round) and the bare
apps, exactly as ``bench/run.py`` does (``bench.measures.key_latency``), with the full run's
nine rounds of three presses unless told otherwise. Prints each key's medians and the
large/small ratio, then the bare baselines: what bench/README.md's "Reading the table" quotes when it
says how far two such runs agree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import measures
from bench.run import FULL, ratio_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.key_ratios")
    parser.add_argument("small", type=Path, help="folder holding the small store")
    parser.add_argument("large", type=Path, help="folder holding the large store")
    parser.add_argument("--rounds", type=int, default=FULL.key_rounds)
    parser.add_argument("--reps", type=int, default=FULL.key_reps)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        keys, bare, notes, _gc, _harness = measures.key_latency(
            {"small": args.small, "large": args.large}, args.rounds, args.reps, Path(work)
        )
    print(f"{'key':32} {'small ms':>9} {'large ms':>9} {'ratio':>6}  presses")
    for name, small in keys["small"].items():
        large = keys["large"].get(name)
        count = len(small.values)
        print(f"{name:32} {small.median:9.1f} {large.median if large else float('nan'):9.1f} "
              f"{ratio_of(large, small):6.2f}  {count}")
    for name, sample in bare.items():
        print(f"bare: {name:26} {sample.median:9.1f} ms")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
