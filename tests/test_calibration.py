"""Reliability of confidences (`kg.calibration`) and `kg eval --calibration` end to end."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from kg.calibration import (
    expected_calibration_error,
    plot_reliability,
    reliability,
    share_right_at_least,
)
from kg.cli import main

TINY = Path(__file__).parent / "data"


def test_a_calibrated_extractor_has_no_gap_and_an_overconfident_one_does():
    calibrated = [(0.95, k < 19) for k in range(20)] + [(0.55, k < 11) for k in range(20)]
    assert expected_calibration_error(reliability(calibrated)) < 0.01
    overconfident = [(0.95, k < 10) for k in range(20)]
    assert abs(expected_calibration_error(reliability(overconfident)) - 0.45) < 1e-9
    assert share_right_at_least(overconfident, 0.9) == (20, 0.5)
    assert share_right_at_least(calibrated, 0.99) == (0, 0.0)


def test_confidence_one_falls_in_the_top_bin():
    bins = reliability([(1.0, True), (0.0, False)], n_bins=5)
    assert (bins[-1].count, bins[0].count) == (1, 1)


def test_reliability_diagram_is_a_png(tmp_path):
    path = plot_reliability(reliability([(0.9, True), (0.4, False)]), tmp_path / "r.png", "t")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] > 100


def test_kg_eval_prints_the_reliability_table_and_draws_it(tmp_path):
    png = tmp_path / "out" / "reliability.png"
    result = CliRunner().invoke(main, ["eval", str(TINY), "--split", "dev", "--calibration",
                                       str(png)])
    assert result.exit_code == 0, result.output
    assert "expected calibration error:" in result.output
    assert "confidence >= 0.9:" in result.output
    assert png.is_file() and png.stat().st_size > 0
