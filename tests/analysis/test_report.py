"""The report: self-contained HTML and Markdown, checked in a real browser (headless Chromium)."""

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from codedistill.analysis import analyze_results, read_results_csv, write_report
from codedistill.analysis.report import report_tables

REFERENCE = Path(__file__).parents[2] / "src" / "codedistill" / "configs" / "analysis" / "valley_reference.csv"


@pytest.fixture(scope="module")
def report(study, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    analysis = analyze_results(study, n_boot=300, seed=0)
    return write_report(study, out, analysis=analysis)


def test_html_is_self_contained_with_every_plot_and_table(report):
    html = report.read_text()
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert [alt for alt, _ in images] == ["pass@1 against training size", "Completion and think-tag rates against training size",
                                          "Controlled conditions against their baselines", "Verdict mix per run"]
    assert all(len(data) > 10_000 for _, data in images)
    assert not re.search(r"<script|<link|src=\"http|href=\"http|url\(", html)  # nothing fetched from anywhere
    for title in ["Valleys", "Relative gains: tiny", "Fits of pass@1", "Runs", "Paired per-problem tests", "Correlations"]:
        assert f"<h2>{title}" in html
    assert "valley: bottom" in html and "dip significant" in html


def test_markdown_links_figures_that_exist(report):
    markdown = (report.parent / "report.md").read_text()
    links = re.findall(r"!\[[^]]*\]\((figures/[a-z_]+\.png)\)", markdown)
    assert len(links) == 4 and all((report.parent / link).stat().st_size > 5000 for link in links)
    assert "| curve | baseline | shape |" in markdown and "## Paired per-problem tests" in markdown


def test_paired_tests_cover_ladder_steps_and_controlled_pairs(study):
    analysis = analyze_results(study, n_boot=200, seed=0)
    curve = analysis.curves[0]
    assert len(curve.tests) == 7 + 6  # each size vs baseline, then consecutive sizes
    dip = next(t for t in curve.tests if t.a.endswith("baseline") and t.b.endswith("random 1K"))
    assert dip.diff.estimate < 0 and dip.p_permutation < 0.01
    pairs = {(t.a, t.b) for t in analysis.condition_tests}
    assert ("tiny · correct 2K", "tiny · incorrect 2K") in pairs
    assert ("tiny · 16K + baseline", "tiny · 16K + correct 2K") in pairs
    tables = {t.title: t for t in report_tables(analysis)}
    assert len(tables["Paired per-problem tests"].rows) == len(analysis.all_tests())


def test_report_without_samples_or_rates(tmp_path):
    """Published numbers only: no CIs, no paired tests, no verdict plot, still a complete report."""
    path = write_report(read_results_csv(REFERENCE), tmp_path, n_boot=100)
    html = path.read_text()
    assert html.count("data:image/png;base64,") == 3 and "Paired per-problem tests" not in html
    assert "+46.8 %" in html and "valley: bottom 0.055" in html


def chromium() -> str | None:
    return next((path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None)


def screenshot(html: Path, png: Path, profile: Path, height: int = 2400) -> None:
    browser = chromium()
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         f"--screenshot={png}", f"--window-size=1280,{height}", html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )


@pytest.mark.skipif(chromium() is None, reason="headless Chromium not installed (apt-get install -y chromium)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    png = tmp_path / "report.png"
    screenshot(report, png, tmp_path / "profile")
    import matplotlib.image

    pixels = matplotlib.image.imread(png)[..., :3]
    assert pixels.shape[:2] == (2400, 1280)
    # The page draws: not blank, and the inlined plots put saturated colour (the blue and red series) on it.
    assert (pixels.min(axis=2) < 0.9).mean() > 0.03
    blue = (pixels[..., 2] > 0.55) & (pixels[..., 0] < 0.35)
    red = (pixels[..., 0] > 0.7) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)
    assert blue.sum() > 2000 and red.sum() > 500
    # The first plot sits below the title and summary, not off to the side: colour in the upper half, left.
    rows, cols = np.nonzero(blue)
    assert rows.min() < 1200 and cols.min() < 640


def test_analysis_json_holds_the_numbers(report):
    import json

    data = json.loads((report.parent / "analysis.json").read_text())
    curve = data["curves"][0]
    assert curve["valley"]["shape"] == "valley" and curve["valley"]["bottom_size"] == 1000
    assert curve["valley_bootstrap"]["valley_share"] > 0.9 and set(curve["fits"]) == {"loglinear", "quadratic", "hinge"}
    assert len(data["points"]) == 13 and all(p["ci"] for p in data["points"])
    assert {t["a"] for t in data["tests"]} >= {"tiny · baseline"} and all(0 <= t["p_holm"] <= 1 for t in data["tests"])
    gain = next(g for g in data["gains"] if g["start"] == "16K" and g["condition"] == "correct")
    assert gain["absolute"] == pytest.approx(gain["pass_at_1"] - gain["baseline"])


def test_runs_show_the_examples_trained_and_data_checks_come_first(study, tmp_path):
    points = [p.model_copy(update={"trained": p.size - 3}) if p.size else p for p in study.points]
    warning = "tiny · base: the arms of `correctness` (seed 0) trained on 1,000 vs 980 examples, 2.0% apart"
    flagged = study.model_copy(update={"points": points, "warnings": [warning]})
    html_path = write_report(flagged, tmp_path, analysis=analyze_results(flagged, n_boot=50, seed=0))
    markdown = (tmp_path / "report.md").read_text()
    assert markdown.index("## Data checks") < markdown.index("## Summary") and f"- {warning}" in markdown
    assert "| student | start | condition | size | trained | pass@1 |" in markdown
    assert "| tiny | base | random | 1K | 997 |" in markdown
    assert "<h2>Data checks</h2>" in html_path.read_text()
