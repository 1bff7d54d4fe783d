"""The study report: `report.html` (self-contained: plots inlined as base64 PNG, plain CSS, no
scripts or CDNs), `report.md` (plots as PNG files under `figures/`) and `analysis.json`, from one
set of tables.

The same `Table`s feed the HTML, the Markdown and the CLI's rich output, so the three never disagree.
"""

from __future__ import annotations

import base64
import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from codedistill.analysis.analyze import Analysis, analyze_results
from codedistill.analysis.figures import FIGURES
from codedistill.analysis.results import StudyResults, format_size
from codedistill.recordio import atomic_path


@dataclass(frozen=True)
class Table:
    """A titled table of preformatted cells."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    numeric: list[bool] = field(default_factory=list)  # right-align these columns


def write_report(results: StudyResults, out_dir: Path, *, analysis: Analysis | None = None, n_boot: int = 2000,
                 seed: int = 0) -> Path:
    """Analyse `results` (unless `analysis` is given) and write report.html, report.md, figures/ and
    analysis.json (every number of the report, machine-readable).

    Returns the path of report.html.
    """
    out_dir = Path(out_dir)
    analysis = analysis if analysis is not None else analyze_results(results, n_boot=n_boot, seed=seed)
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    figures: list[tuple[str, str, bytes]] = []
    for name, (title, draw) in FIGURES.items():
        png = draw(analysis)
        if png is not None:
            with atomic_path(out_dir / "figures" / f"{name}.png") as tmp:
                tmp.write_bytes(png)
            figures.append((name, title, png))
    tables = report_tables(analysis)
    with atomic_path(out_dir / "analysis.json") as tmp:
        tmp.write_text(json.dumps(analysis.to_dict(), indent=1, allow_nan=False), encoding="utf-8")
    with atomic_path(out_dir / "report.md") as tmp:
        tmp.write_text(_markdown(analysis, figures, tables), encoding="utf-8")
    html_path = out_dir / "report.html"
    with atomic_path(html_path) as tmp:
        tmp.write_text(_html(analysis, figures, tables), encoding="utf-8")
    return html_path


# Tables ------------------------------------------------------------------------------------------
def report_tables(analysis: Analysis) -> list[Table]:
    """Every table of the report, in reading order (empty ones left out)."""
    tables = [valley_table(analysis), *gain_tables(analysis), fit_table(analysis), point_table(analysis),
              test_table(analysis), correlation_table(analysis)]
    return [t for t in tables if t.rows]


def valley_table(analysis: Analysis) -> Table:
    rows = []
    for curve in analysis.curves:
        v = curve.valley
        base = f"{v.baseline:.3f}" if v else "—"
        if v is None or v.shape == "none":
            rows.append([curve.name, base, "none" if v else "no baseline", "—", "—", "—", "—", curve.fits.best])
            continue
        fit_bottom = "—"
        if v.fit_bottom_size is not None:
            fit_bottom = f"{v.fit_bottom_value:.3f} at {_size(v.fit_bottom_size)}" + (" (extrap.)" if v.fit_bottom_extrapolated else "")
        regained = f"≈{_size(v.recovery_size)}" + (f" (quadratic ≈{_size(v.fit_recovery_size)})" if v.fit_recovery_size else "") if v.found else "not regained"
        shape = v.shape + ("" if v.significant is None else " (significant)" if v.significant else " (within CI)")
        rows.append([curve.name, base, shape, f"{v.bottom_value:.3f} at {format_size(v.bottom_size)}", fit_bottom,
                     format_size(v.recovered_by) if v.recovered_by else "—", regained, curve.fits.best])
    for row, curve in zip(rows, analysis.curves, strict=True):
        u = curve.valley_uncertainty
        row.insert(-1, "—" if u is None else f"{u.valley_share:.0%}" + (
            f"; regain [{_size(u.recovery.low)}, {_size(u.recovery.high)}]" if u.recovery else ""))
    return Table("Valleys", ["curve", "baseline", "shape", "bottom (observed)", "bottom (quadratic fit)", "recovered by",
                             "baseline regained at", "bootstrap: valley share; regain CI", "preferred fit"], rows,
                 "A valley is a dip below the untrained baseline followed by a return to it; 'regained at' interpolates "
                 "in log size. The bootstrap resamples problems (shared by all runs of the curve) and samples.")


def gain_tables(analysis: Analysis) -> list[Table]:
    """Table 2 of the reference study: pass@1 and gain vs the baseline of each start, per student."""
    tables = []
    for table in analysis.gains:
        headers = ["condition"] + [h for start in table.starts for h in (f"pass@1 from {start}", f"gain vs {start}")]
        rows = [["baseline"] + [c for start in table.starts for c in (f"{table.baselines[start]:.3f}", "—")]]
        for condition, size in table.rows:
            row = [f"{condition} {format_size(size)}"]
            for start in table.starts:
                gain = table.cell(condition, size, start)
                if gain is None:
                    row += ["—", "—"]
                else:
                    row += [f"{gain.pass_at_1:.3f}", "—" if size == 0 else f"{gain.absolute:+.3f} ({_percent(gain.relative)})"]
            rows.append(row)
        tables.append(Table(f"Relative gains: {table.student}", headers, rows,
                            "gain = pass@1 − baseline of the same start (relative change in brackets); a condition with its own size-0 run "
                            "(e.g. `random 0`, the ladder's baseline) is measured against that run.",
                            [False] + [True] * (len(headers) - 1)))
    return tables


def fit_table(analysis: Analysis) -> Table:
    rows = []
    for curve in analysis.curves:
        for name, fit in curve.fits.fits.items():
            chosen = "✓" if name == curve.fits.best else ""
            rows.append([curve.name, name, fit.formula(), f"{fit.rss:.2e}", _num(fit.aic, ".2f"), _num(fit.bic, ".2f"),
                         _num(fit.loo_mse, ".2e"), "saturated" if fit.saturated else "", chosen])
    return Table("Fits of pass@1 against L = log10(size)", ["curve", "model", "formula", "RSS", "AIC", "BIC", "LOO MSE",
                                                            "", "preferred"], rows,
                 "Preferred: lowest AIC where at least two models have one, else lowest leave-one-out error, else log-linear. "
                 "A saturated model passes through every point, so its AIC/BIC are undefined.",
                 [False, False, False, True, True, True, True, False, False])


def point_table(analysis: Analysis) -> Table:
    rows = []
    points = analysis.results.points
    first = {name: i for i, name in reversed(list(enumerate(p.student for p in points)))}
    for p in sorted(points, key=lambda p: (first[p.student], p.start != "base", p.start, p.condition != "random",
                                           p.condition != "baseline", p.condition, p.size)):
        interval = analysis.interval(p)
        ci = f"[{interval.low:.3f}, {interval.high:.3f}]" if interval else "—"
        problems = str(len(p.correct)) if p.correct else "—"
        trained = "—" if p.trained is None else f"{p.trained:,}"
        rows.append([p.student, p.start, p.condition, format_size(p.size), trained, f"{p.pass_at_1:.3f}", ci,
                     _num(p.completion_rate, ".3f"), _num(p.think_tag_rate, ".3f"), problems, str(p.replicates)])
    confidence = next(iter(analysis.intervals.values())).confidence if analysis.intervals else 0.95
    return Table("Runs", ["student", "start", "condition", "size", "trained", "pass@1", f"{confidence:.0%} CI", "completion",
                          "think tag", "problems", "replicates"], rows,
                 "size: the subset's nominal size; trained: examples actually trained on after the training data policies "
                 f"(over-length, bad traces; mean over replicates). CIs: two-level bootstrap over problems and samples "
                 f"({analysis.n_boot} draws, seed {analysis.seed}) where per-sample results exist, else as reported.",
                 [False, False, False, True, True, True, True, True, True, True, True])


def test_table(analysis: Analysis) -> Table:
    rows = []
    for test, p_holm in analysis.all_tests():
        rows.append([test.a, test.b, str(test.n_problems), f"{test.diff.estimate:+.3f} [{test.diff.low:+.3f}, {test.diff.high:+.3f}]",
                     _num(test.cohens_dz, "+.2f"), f"{test.better}/{test.worse}/{test.ties}", _p(test.p_permutation),
                     _p(p_holm), _p(test.p_mcnemar) if test.p_mcnemar is not None else "—"])
    return Table("Paired per-problem tests", ["A", "B", "problems", "Δ pass@1 (B − A) [CI]", "d_z", "better/worse/tie",
                                              "p (sign-flip)", "p (Holm)", "p (McNemar)"], rows,
                 "Sign-flip permutation test on per-problem differences (exact up to 16 non-zero differences); "
                 "Holm adjusts over every test in this table.", [False, False, True, True, True, True, True, True, True])


def correlation_table(analysis: Analysis) -> Table:
    names = {"pass_at_1": "pass@1", "log10_size": "log10 size", "completion_rate": "completion rate",
             "think_tag_rate": "think-tag rate"}
    rows = [[c.group, names[c.x], names[c.y], str(c.n), f"{c.pearson_r:+.3f}", _p(c.pearson_p),
             f"{c.spearman_rho:+.3f}", _p(c.spearman_p)] for c in analysis.correlations]
    return Table("Correlations of completion and think-tag rates", ["group", "x", "y", "n", "Pearson r", "p",
                                                                   "Spearman ρ", "p"], rows,
                 "Size correlations use log10(size) over distilled points; with few points, p-values are weak evidence.",
                 [False, False, False, True, True, True, True, True])


def _num(value: float | None, spec: str) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, spec)


def _p(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f} %"


def _size(value: float) -> str:
    """A fitted size rounded to two significant digits: 3478.3 -> 3.5K."""
    rounded = int(float(f"{value:.2g}")) if value >= 1 else 0
    return format_size(rounded)


def headline(analysis: Analysis) -> list[str]:
    """One sentence per curve: its valley verdict (and its bootstrap stability when samples allow)."""
    lines = []
    for curve in analysis.curves:
        line = f"{curve.name}: {curve.valley.summary() if curve.valley else 'no baseline to compare with'}"
        if curve.valley_uncertainty is not None:
            line += f"; {curve.valley_uncertainty.summary()}"
        lines.append(line)
    return lines


# Renderers ---------------------------------------------------------------------------------------
CSS = """
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1b1f24;
       max-width: 1180px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; background: #fff; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25em; margin-top: 1.8em; }
.meta { color: #57606a; font-size: 0.9em; }
ul.headline li { margin: 0.2em 0; }
ul.warnings li { margin: 0.2em 0; color: #9a6700; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eaeef2; }
figcaption { color: #57606a; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.88em; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fbfcfd; }
p.note { color: #57606a; font-size: 0.85em; margin-top: 0.2em; }
"""


def _html(analysis: Analysis, figures: list[tuple[str, str, bytes]], tables: list[Table]) -> str:
    results = analysis.results
    e = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(results.name)}: codedistill report</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>{e(results.name)}</h1>",
             f"<p class=\"meta\">{len(results.points)} runs · {len(analysis.curves)} scaling curves · "
             f"bootstrap {analysis.n_boot} draws, seed {analysis.seed}</p>"]
    if results.metadata:
        parts.append("<p class=\"meta\">" + " · ".join(f"{e(str(k))}: {e(str(v))}" for k, v in results.metadata.items()) + "</p>")
    if results.warnings:
        parts.append("<h2>Data checks</h2><ul class=\"warnings\">" + "".join(f"<li>{e(w)}</li>" for w in results.warnings) + "</ul>")
    lines = headline(analysis)
    if lines:
        parts.append("<h2>Summary</h2><ul class=\"headline\">" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
    if figures:
        parts.append("<h2>Plots</h2>")
    for name, title, png in figures:
        data = base64.b64encode(png).decode("ascii")
        parts.append(f"<figure id=\"{name}\"><img alt=\"{e(title)}\" src=\"data:image/png;base64,{data}\">"
                     f"<figcaption>{e(title)}</figcaption></figure>")
    for table in tables:
        parts.append(f"<h2>{e(table.title)}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in table.headers) + "</tr></thead><tbody>")
        for row in table.rows:
            cells = (f"<td class=\"num\">{e(c)}</td>" if i < len(table.numeric) and table.numeric[i] else f"<td>{e(c)}</td>"
                     for i, c in enumerate(row))
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
        if table.note:
            parts.append(f"<p class=\"note\">{e(table.note)}</p>")
    parts.append("<p class=\"meta\">Generated by codedistill.</p></body></html>\n")
    return "\n".join(parts)


def _markdown(analysis: Analysis, figures: list[tuple[str, str, bytes]], tables: list[Table]) -> str:
    results = analysis.results
    lines = [f"# {results.name}", "", f"{len(results.points)} runs · {len(analysis.curves)} scaling curves · "
             f"bootstrap {analysis.n_boot} draws, seed {analysis.seed}", ""]
    if results.warnings:
        lines += ["## Data checks", "", *[f"- {warning}" for warning in results.warnings], ""]
    summary = headline(analysis)
    if summary:
        lines += ["## Summary", "", *[f"- {line}" for line in summary], ""]
    if figures:
        lines += ["## Plots", ""]
        lines += [f"![{title}](figures/{name}.png)\n" for name, title, _ in figures]
    for table in tables:
        lines += [f"## {table.title}", "", _md_row(table.headers),
                  _md_row(["---:" if i < len(table.numeric) and table.numeric[i] else "---" for i in range(len(table.headers))])]
        lines += [_md_row(row) for row in table.rows]
        lines += ["", f"_{table.note}_", ""] if table.note else [""]
    return "\n".join(lines)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") or " " for c in cells) + " |"
