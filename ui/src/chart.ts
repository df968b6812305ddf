// The interactive index chart (uPlot): zoom by dragging, double-click to
// reset, hover shows every series' value, click a legend entry to hide it.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h } from "./dom";
import { formatNumber } from "./format";

export interface LineSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: number[];
}

export interface ChartSpec {
  /** Period labels, one per point. */
  labels: string[];
  series: LineSeries[];
  yLabel: string;
  log: boolean;
  /** The line under the chart: units, base period, data source. */
  source: string;
}

export interface Chart {
  element: HTMLElement;
  plot: uPlot;
}

/** A theme colour: canvas drawing cannot read CSS variables itself. */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#59636e";
}

export function lineChart(spec: ChartSpec, height = 380): Chart {
  const muted = cssColor("--muted");
  const grid = cssColor("--grid");
  const box = h("div", { class: "chart-plot" });
  const x = spec.labels.map((_, i) => i);
  const data: uPlot.AlignedData = [x, ...spec.series.map((s) => s.values.map((v) => (v === null ? null : v)))];
  const opts: uPlot.Options = {
    width: 800,
    height,
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false }, y: { distr: spec.log ? 3 : 1 } },
    axes: [
      {
        stroke: muted,
        grid: { stroke: grid },
        values: (_u, splits) => splits.map((i) => spec.labels[Math.round(i)] ?? ""),
      },
      {
        stroke: muted,
        grid: { stroke: grid },
        label: spec.yLabel,
        size: 60,
        values: (_u, splits) => splits.map((v) => formatNumber(v, 0)),
      },
    ],
    series: [
      { label: "Period", value: (_u, i) => (i === null ? "—" : (spec.labels[Math.round(i)] ?? "")) },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        dash: s.dash,
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => formatNumber(v, 1),
      })),
    ],
  };
  const plot = new uPlot(opts, data, box);
  const resize = new ResizeObserver(() => {
    const w = Math.max(320, box.clientWidth);
    if (Math.abs(plot.width - w) > 2) plot.setSize({ width: w, height });
  });
  resize.observe(box);
  const element = h("figure", { class: "chart" }, box, h("figcaption", { class: "source" }, spec.source));
  return { element, plot };
}
