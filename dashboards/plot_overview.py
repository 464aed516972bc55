#!/usr/bin/env python3
"""Draws a dashboard as Grafana lays it out, from a running Prometheus, into a PNG (matplotlib).

    plot_overview.py --prometheus URL --start UNIX --end UNIX [--dashboard node-overview.json] OUT.png

Every panel of the dashboard sits where its gridPos puts it. Time series panels are drawn from
/api/v1/query_range over [start, end]; stat, bar gauge and table panels from /api/v1/query at the
end. Variables are filled in as promcheck.py fills them (every value). A panel without data says
why (promcheck's verdict: a series not exported yet, or without samples in the run).
"""
import argparse
import math
import re
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402  (after choosing the backend)
import matplotlib.pyplot as plt  # noqa: E402

import promcheck  # noqa: E402

BACKGROUND, PANEL, TEXT, GRID = "#111217", "#181b1f", "#ccccdc", "#2c3235"
PALETTE = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#705da0",
           "#37872d", "#fade2a", "#c4162a", "#1f60c4"]
UNIT_HEIGHT_IN, COLUMN_WIDTH_IN = 0.42, 0.9


def legend(fmt, labels):
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt).strip()
    return text or "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "__name__") + "}"


def unit_scale(unit, values):
    """The divisor that brings values into a readable unit for the axis, and that unit's name."""
    top = max((abs(v) for v in values if math.isfinite(v)), default=0)
    if unit == "bytes":
        for factor, name in ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if top >= factor:
                return factor, name
        return 1, "B"
    if unit == "percentunit":
        return 0.01, "%"
    if unit == "s":
        return (1e-6, "µs") if top < 1e-3 else (1e-3, "ms") if top < 1 else (1, "s")
    return 1, ""


def formatted(unit, value, mappings):
    for mapping in mappings:
        text = mapping.get("options", {}).get(str(int(value)) if float(value).is_integer() else str(value))
        if text:
            return text["text"]
    if not math.isfinite(value):
        return "NaN"
    factor, name = unit_scale(unit, [value])
    return f"{value / factor:,.3g} {name}".strip()


def style(ax, title):
    ax.set_facecolor(PANEL)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=TEXT, labelsize=7)
    ax.set_title(title, loc="left", color=TEXT, fontsize=9, fontweight="bold")


def no_data(ax, reasons):
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.55, "No data", ha="center", va="center", color=TEXT, fontsize=12, transform=ax.transAxes)
    ax.text(0.5, 0.35, "\n".join(sorted(set(reasons))), ha="center", va="center", color="#8e8e8e",
            fontsize=6.5, wrap=True, transform=ax.transAxes)


class Plotter:
    def __init__(self, prometheus, dashboard, start, end, step, rate_interval):
        self.prometheus = prometheus
        self.dashboard = dashboard
        self.start, self.end, self.step = start, end, step
        self.values, _ = promcheck.resolve_variables(prometheus, dashboard, rate_interval)
        self.scraped = prometheus.metric_names()
        self.in_code = promcheck.CodeMetricNames()
        self.pending = promcheck.pending_metric_names()

    def run(self, target, instant):
        expr = promcheck.substitute(target["expr"], self.values)
        if instant:
            status, body = self.prometheus.get("/api/v1/query", {"query": expr, "time": self.end})
        else:
            status, body = self.prometheus.get("/api/v1/query_range", {
                "query": expr, "start": self.start, "end": self.end, "step": self.step})
        if status != 200 or body.get("status") != "success":
            raise ValueError(f"{expr}: {body.get('error')}")
        verdict, detail = promcheck.classify(status, body, promcheck.metric_names(target["expr"]), self.scraped,
                                             self.in_code, self.pending)
        if verdict == "FAIL":  # every series scraped, none matched: as in Grafana, the panel is empty
            detail = "no series matched"
        result = body["data"]["result"]
        return result, (None if result else detail.split(":")[0])

    def timeseries(self, ax, panel):
        unit = panel["fieldConfig"]["defaults"]["unit"]
        series, reasons = [], []
        for t in panel["targets"]:
            result, reason = self.run(t, instant=False)
            reasons += [reason] if reason else []
            for s in result:
                times = [datetime.fromtimestamp(float(ts)) for ts, _ in s["values"]]
                series.append((legend(t["legendFormat"], s["metric"]), times, [float(v) for _, v in s["values"]]))
        if not series:
            return no_data(ax, reasons)
        stacked = panel["fieldConfig"]["defaults"].get("custom", {}).get("stacking", {}).get("mode") == "normal"
        same_times = len({tuple(ts) for _, ts, _ in series}) == 1
        stack = stacked and same_times
        totals = [sum(column) for column in zip(*[vs for _, _, vs in series])]
        factor, name = unit_scale(unit, totals if stack else [v for _, _, vs in series for v in vs])
        if stack:
            ax.stackplot(series[0][1], *[[v / factor for v in vs] for _, _, vs in series],
                         labels=[s[0] for s in series], colors=PALETTE, alpha=0.6)
        else:
            for i, (label, times, vs) in enumerate(series):
                ax.plot(times, [v / factor for v in vs], label=label, color=PALETTE[i % len(PALETTE)], linewidth=1.2)
        axis = panel["fieldConfig"]["defaults"].get("custom", {}).get("axisLabel", "")
        ax.set_ylabel(" ".join(x for x in (name, axis) if x), color=TEXT, fontsize=7)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S"))
        ax.grid(color=GRID, linewidth=0.5)
        ax.legend(loc="upper left", fontsize=6, ncol=2, facecolor=PANEL, edgecolor=GRID, labelcolor=TEXT)

    def instant_values(self, panel):
        values, reasons = [], []
        for t in panel["targets"]:
            result, reason = self.run(t, instant=True)
            reasons += [reason] if reason else []
            values += [(legend(t.get("legendFormat", ""), s["metric"]), s["metric"], float(s["value"][1]))
                       for s in result]
        return values, reasons

    def stat(self, ax, panel):
        values, reasons = self.instant_values(panel)
        if not values:
            return no_data(ax, reasons)
        ax.set_xticks([])
        ax.set_yticks([])
        defaults = panel["fieldConfig"]["defaults"]
        for i, (label, _, value) in enumerate(values):
            y = 1 - (i + 0.6) / len(values)
            ax.text(0.5, y, formatted(defaults["unit"], value, defaults.get("mappings", [])), ha="center",
                    va="center", color=PALETTE[i % len(PALETTE)], fontsize=20 if len(values) == 1 else 14,
                    fontweight="bold", transform=ax.transAxes)
            ax.text(0.5, y - 0.22 / len(values), label, ha="center", va="center", color=TEXT, fontsize=7,
                    transform=ax.transAxes)

    def bargauge(self, ax, panel):
        values, reasons = self.instant_values(panel)
        if not values:
            return no_data(ax, reasons)
        unit = panel["fieldConfig"]["defaults"]["unit"]
        factor, name = unit_scale(unit, [v for _, _, v in values])
        scaled = [v / factor for _, _, v in values]
        labels = [label for label, _, _ in values]
        ax.barh(range(len(values)), scaled, color=[PALETTE[i % len(PALETTE)] for i in range(len(values))])
        ax.set_yticks(range(len(values)), labels, fontsize=7)
        ax.invert_yaxis()
        if panel["fieldConfig"]["defaults"].get("max") is not None:
            ax.set_xlim(0, panel["fieldConfig"]["defaults"]["max"] / factor)
        ax.set_xlabel(name, color=TEXT, fontsize=7)
        for i, v in enumerate(scaled):
            ax.text(v, i, f" {v:,.3g}", va="center", color=TEXT, fontsize=7)

    def table(self, ax, panel):
        values, reasons = self.instant_values(panel)
        if not values:
            return no_data(ax, reasons)
        hidden = {"__name__", "job"}
        columns = sorted({k for _, labels, _ in values for k in labels if k not in hidden})
        rows = [[labels.get(c, "") for c in columns] + [f"{v:g}"] for _, labels, v in values][:12]
        ax.axis("off")
        cells = ax.table(cellText=rows, colLabels=columns + ["Value"], loc="upper center", cellLoc="left")
        cells.auto_set_font_size(False)
        cells.set_fontsize(6.5)
        for cell in cells.get_celld().values():
            cell.set_facecolor(PANEL)
            cell.set_edgecolor(GRID)
            cell.get_text().set_color(TEXT)

    def draw(self, out):
        panels = self.dashboard["panels"]
        rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
        fig = plt.figure(figsize=(24 * COLUMN_WIDTH_IN, rows * UNIT_HEIGHT_IN), facecolor=BACKGROUND)
        grid = fig.add_gridspec(rows, 24, left=0.03, right=0.99, top=1 - 0.9 / (rows * UNIT_HEIGHT_IN),
                                bottom=0.2 / (rows * UNIT_HEIGHT_IN), wspace=2.2, hspace=1.4)
        fig.suptitle(self.dashboard["title"], color=TEXT, fontsize=14, x=0.03, y=1 - 0.15 / (rows * UNIT_HEIGHT_IN),
                     ha="left", va="top")
        for panel in panels:
            g = panel["gridPos"]
            ax = fig.add_subplot(grid[g["y"]:g["y"] + g["h"], g["x"]:g["x"] + g["w"]])
            if panel["type"] == "row":
                ax.axis("off")
                ax.text(0, 0.2, panel["title"], color=TEXT, fontsize=11, fontweight="bold", transform=ax.transAxes)
                continue
            style(ax, panel["title"])
            getattr(self, panel["type"])(ax, panel)
        fig.savefig(out, dpi=80, facecolor=BACKGROUND)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--start", type=float, required=True)
    parser.add_argument("--end", type=float, required=True)
    parser.add_argument("--step", default="2s")
    parser.add_argument("--rate-interval", default="30s")
    parser.add_argument("--dashboard", default="node-overview.json")
    parser.add_argument("out")
    args = parser.parse_args()
    dashboard = dict(promcheck.dashboards())[args.dashboard]
    Plotter(promcheck.Prometheus(args.prometheus), dashboard, args.start, args.end, args.step,
            args.rate_interval).draw(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
