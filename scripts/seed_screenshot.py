"""Regenerate docs/seed-graph.png: the seed sample's graph as `kg build` draws it.

Builds data/samples into a throwaway KG_HOME (embedded store only) and photographs the
whole-graph view that the build writes in headless Chromium once the layout has settled.

    .venv/bin/python scripts/seed_screenshot.py [--out docs/seed-graph.png]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOWN_EDGE = "company:meta>INVESTS_IN>company:scale-ai"  # its evidence is open in the picture


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "seed-graph.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["KG_HOME"] = home
        from kg.builder import build
        from kg.view.browser import screenshot

        summary = build([ROOT / "data" / "samples"], neo4j=False, view=Path(home) / "seed.html")
        if summary.view is None:
            raise SystemExit(f"no view was written: {'; '.join(summary.notes)}")
        shot = screenshot(summary.view, args.out, show_edge=SHOWN_EDGE)
        print(f"wrote {shot}")


if __name__ == "__main__":
    main()
