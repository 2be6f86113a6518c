"""Does a relation's confidence mean what it says? Reliability of scored predictions.

`kg eval --calibration` groups the predicted triples by confidence into equal-width bins and
compares, in each bin, the mean confidence with the share that the gold annotation confirms.
The expected calibration error (ECE) is the mean gap weighted by the bins' sizes; a
calibrated extractor has an ECE near 0 and its relations at confidence >= 0.9 are at least
90% right. The same bins are drawn as a reliability diagram (PNG).

`fit_isotonic` learns the map from raw confidence to share right (isotonic regression by
pooling adjacent violators, so a higher raw confidence never maps lower) on the dev split;
`kg train` stores one map per extractor beside the model (``calibration.json``) and
`kg.extract` applies it, so that the confidence users filter on is a probability.

>>> bins = reliability([(0.95, True), (0.92, True), (0.35, False), (0.31, True)], n_bins=10)
>>> [(b.lo, b.count, b.accuracy) for b in bins if b.count]
[(0.3, 2, 0.5), (0.9, 2, 1.0)]
>>> round(expected_calibration_error(bins), 3)
0.117
>>> knots = fit_isotonic([(0.2, False), (0.4, True), (0.6, False), (0.9, True)])
>>> knots
[(0.2, 0.25), (0.6, 0.5), (0.9, 0.75)]
>>> [calibrate(c, knots) for c in (0.1, 0.5, 0.95)]
[0.25, 0.5, 0.75]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

Scored = tuple[float, bool]  # (confidence, confirmed by the gold annotation)


@dataclass(frozen=True)
class Bin:
    """Predictions whose confidence falls in [lo, hi)."""

    lo: float
    hi: float
    count: int
    mean_confidence: float
    accuracy: float

    def as_row(self) -> dict[str, object]:
        return {"confidence": f"{self.lo:.1f}-{self.hi:.1f}", "relations": self.count,
                "mean_confidence": round(self.mean_confidence, 3),
                "right": round(self.accuracy, 3)}


def reliability(scored: Iterable[Scored], n_bins: int = 10) -> list[Bin]:
    """Equal-width confidence bins with their mean confidence and share right."""
    groups: list[list[Scored]] = [[] for _ in range(n_bins)]
    for confidence, right in scored:
        groups[min(int(confidence * n_bins), n_bins - 1)].append((confidence, right))
    bins = []
    for k, group in enumerate(groups):
        n = len(group)
        bins.append(Bin(round(k / n_bins, 3), round((k + 1) / n_bins, 3), n,
                        sum(c for c, _ in group) / n if n else 0.0,
                        sum(1 for _, r in group if r) / n if n else 0.0))
    return bins


def expected_calibration_error(bins: list[Bin]) -> float:
    """Mean |confidence - accuracy| over the bins, weighted by their sizes."""
    total = sum(b.count for b in bins)
    return sum(b.count * abs(b.mean_confidence - b.accuracy) for b in bins) / total \
        if total else 0.0


def share_right_at_least(scored: Iterable[Scored], confidence: float) -> tuple[int, float]:
    """(how many predictions have at least this confidence, the share of them right)."""
    kept = [right for c, right in scored if c >= confidence]
    return len(kept), (sum(kept) / len(kept) if kept else 0.0)


def fit_isotonic(scored: Iterable[Scored]) -> list[tuple[float, float]]:
    """Knots (highest raw confidence of a block, its smoothed share right), non-decreasing.

    Adjacent blocks whose shares right are out of order are pooled; each block's share is
    smoothed, (right + 0.5) / (count + 1), so that a small block never claims certainty.
    """
    blocks: list[list[float]] = []  # [right, count, highest confidence]
    for confidence, right in sorted(scored):
        blocks.append([float(right), 1.0, confidence])
        while len(blocks) > 1 and (blocks[-2][0] / blocks[-2][1]
                                   >= blocks[-1][0] / blocks[-1][1]):
            r, n, top = blocks.pop()
            blocks[-1][0] += r
            blocks[-1][1] += n
            blocks[-1][2] = top
    return [(top, round((r + 0.5) / (n + 1), 4)) for r, n, top in blocks]


def calibrate(confidence: float, knots: list[tuple[float, float]]) -> float:
    """The calibrated confidence: the value of the first block reaching this confidence
    (the last block's beyond it); the raw confidence when there are no knots."""
    if not knots:
        return confidence
    k = bisect.bisect_left([top for top, _ in knots], confidence)
    return knots[min(k, len(knots) - 1)][1]


def plot_reliability(bins: list[Bin], path: Path, title: str) -> Path:
    """A reliability diagram: share right per bin against the diagonal of perfect calibration,
    with the number of relations per bin below."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 6), height_ratios=(3, 1),
                                      sharex=True)
    width = bins[0].hi - bins[0].lo if bins else 0.1
    used = [b for b in bins if b.count]
    top.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    top.bar([b.lo for b in used], [b.accuracy for b in used], width=width, align="edge",
            edgecolor="black", alpha=0.7, label="share right")
    top.plot([b.mean_confidence for b in used], [b.accuracy for b in used], "o",
             color="black", label="mean confidence")
    top.set_ylabel("share of relations right")
    top.set_ylim(0, 1)
    top.legend(loc="upper left")
    top.set_title(f"{title}  (ECE {expected_calibration_error(bins):.3f})")
    bottom.bar([b.lo for b in bins], [b.count for b in bins], width=width, align="edge",
               edgecolor="black", color="tab:grey")
    bottom.set_xlabel("confidence")
    bottom.set_ylabel("relations")
    bottom.set_xlim(0, 1)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
