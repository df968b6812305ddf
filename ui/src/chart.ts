// The interactive index chart (uPlot): zoom by dragging, double-click to
// reset, hover shows every series' value, click a legend entry to hide it.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h } from "./dom";
import { formatNumber } from "./format";
import type { BandData } from "./series";
import { labelPositions } from "./labels";

/** The smallest and largest of `min`, `max` and every band end. */
function bandExtent(spec: ChartSpec, min: number, max: number): [number, number] {
  let [lo, hi] = [min, max];
  for (const s of spec.series)
    for (const v of [...(s.band?.lower ?? []), ...(s.band?.upper ?? [])])
      if (v !== null && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return [lo, hi];
}

/** Shades each series' band: a polygon along its upper ends and back along its lower ends, broken at gaps. */
function drawBands(u: uPlot, spec: ChartSpec): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  spec.series.forEach((s, k) => {
    if (!s.band || !u.series[k + 1]?.show) return;
    ctx.fillStyle = s.color;
    ctx.globalAlpha = 0.15;
    let run: number[] = [];
    const flush = () => {
      if (run.length > 1) {
        ctx.beginPath();
        run.forEach((i, j) => {
          const x = u.valToPos(i, "x", true);
          const y = u.valToPos(s.band!.upper[i]!, "y", true);
          if (j === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
        for (const i of [...run].reverse())
          ctx.lineTo(u.valToPos(i, "x", true), u.valToPos(s.band!.lower[i]!, "y", true));
        ctx.closePath();
        ctx.fill();
      }
      run = [];
    };
    spec.labels.forEach((_, i) => {
      if (s.band!.lower[i] !== null && s.band!.upper[i] !== null) run.push(i);
      else flush();
    });
    flush();
  });
  ctx.restore();
}

/** Room right of the plot for direct labels, in CSS pixels. */
const LABEL_ROOM = 150;
/** Direct labels closer than this (CSS pixels) would overlap. */
const LABEL_GAP = 13;

/** Writes each visible line's label at its right end, in its colour, where they fit. */
function drawLabels(u: uPlot, spec: ChartSpec): void {
  const ctx = u.ctx;
  const dpr = uPlot.pxRatio;
  const ends: { y: number; k: number; x: number }[] = [];
  spec.series.forEach((s, k) => {
    if (!u.series[k + 1]?.show) return;
    let i = s.values.length - 1;
    while (i >= 0 && (s.values[i] === null || !Number.isFinite(s.values[i]!))) i--;
    if (i < 0) return;
    ends.push({ k, x: u.valToPos(i, "x", true), y: u.valToPos(s.values[i]!, "y", true) });
  });
  const ys = labelPositions(ends, u.bbox.top, u.bbox.top + u.bbox.height, LABEL_GAP * dpr);
  if (!ys) return;
  ctx.save();
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  // uPlot leaves the axes' alignment set: labels start right of the plot.
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  const right = u.bbox.left + u.bbox.width;
  ends.forEach((e, j) => {
    const s = spec.series[e.k];
    ctx.fillStyle = s.color;
    let text = s.label;
    while (text.length > 4 && ctx.measureText(text).width > (LABEL_ROOM - 12) * dpr) text = `${text.slice(0, -2)}…`;
    ctx.fillText(text, right + 8 * dpr, ys[j]);
  });
  ctx.restore();
}

export interface LineSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: number[];
  /** A band shaded behind the line, in the line's colour. */
  band?: BandData | null;
}

export interface ChartSpec {
  /** Period labels, one per point. */
  labels: string[];
  series: LineSeries[];
  yLabel: string;
  log: boolean;
  /** The line under the chart: units, base period, data source. */
  source: string;
  /** Decimals of the values in the legend (1 unless said: counts want 0). */
  digits?: number;
}

export interface Chart {
  element: HTMLElement;
  plot: uPlot;
  /**
   * Draws `next` in this chart, adding and removing only the lines that changed, so that
   * taking a region off or putting it back redraws within a frame with hundreds of lines.
   * False (and nothing drawn) when `next` needs a new chart: other periods, scale or axis,
   * or a change between direct labels and the legend.
   */
  update(next: ChartSpec): boolean;
}

/** A theme colour: canvas drawing cannot read CSS variables itself. */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#59636e";
}

/** What identifies a drawn line: its label and how it is drawn. */
function lineKey(s: LineSeries): string {
  return `${s.label}\u0000${s.color}\u0000${(s.dash ?? []).join(",")}`;
}

function sameLabels(a: string[], b: string[]): boolean {
  return a === b || (a.length === b.length && a.every((l, i) => l === b[i]));
}

export function lineChart(first: ChartSpec, height = 380): Chart {
  // The hooks below read the spec being drawn, which update() replaces.
  let spec = first;
  const muted = cssColor("--muted");
  const grid = cssColor("--grid");
  const box = h("div", { class: "chart-plot" });
  const x = spec.labels.map((_, i) => i);
  // Direct labels only for a few lines: past eight the legend reads better.
  const direct = spec.series.length > 0 && spec.series.length <= 8;
  const last = spec.labels.length - 1;
  const dataOf = (series: LineSeries[]): uPlot.AlignedData => [x, ...series.map((s) => s.values)];
  const lineOptions = (s: LineSeries): uPlot.Series => ({
    label: s.label,
    stroke: s.color,
    width: 2,
    dash: s.dash,
    spanGaps: false,
    value: (_u: uPlot, v: number | null) => formatNumber(v, spec.digits ?? 1),
  });
  const opts: uPlot.Options = {
    width: 800,
    height,
    cursor: { drag: { x: true, y: false } },
    // Bands go under the lines, and the y axis makes room for them; labels
    // at the lines' ends; away from the plot the legend shows the last period.
    padding: [12, direct ? LABEL_ROOM : 12, 0, 0],
    hooks: {
      drawClear: [(u) => drawBands(u, spec)],
      draw: [(u) => direct && drawLabels(u, spec)],
      setCursor: [(u) => u.cursor.idx == null && last >= 0 && u.setLegend({ idx: last })],
    },
    scales: {
      x: { time: false },
      y: {
        distr: spec.log ? 3 : 1,
        range: (_u, min, max) => {
          const [lo, hi] = bandExtent(spec, min, max);
          return spec.log ? uPlot.rangeLog(lo, hi, 10, true) : uPlot.rangeNum(lo, hi, 0.1, true);
        },
      },
    },
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
      { label: "Period", value: (_u, i) => spec.labels[Math.round(i ?? last)] ?? "" },
      ...spec.series.map(lineOptions),
    ],
  };
  const plot = new uPlot(opts, dataOf(spec.series), box);
  // The drawn lines' keys, in the plot's order (after its x series), kept in step by update().
  const keys = spec.series.map(lineKey);
  if (last >= 0) plot.setLegend({ idx: last });
  const resize = new ResizeObserver(() => {
    const w = Math.max(320, box.clientWidth);
    if (Math.abs(plot.width - w) > 2) plot.setSize({ width: w, height });
  });
  resize.observe(box);
  const caption = h("figcaption", { class: "source" }, spec.source);
  const element = h("figure", { class: "chart" }, box, caption);
  // Room reserved before the first draw, so the page does not jump: the plot, its legend and source line.
  element.style.minHeight = `${height + 60}px`;
  const update = (next: ChartSpec): boolean => {
    const nextKeys = next.series.map(lineKey);
    if (
      next.log !== spec.log ||
      next.yLabel !== spec.yLabel ||
      next.digits !== spec.digits ||
      !sameLabels(next.labels, spec.labels) ||
      (next.series.length > 0 && next.series.length <= 8) !== direct ||
      new Set(nextKeys).size !== nextKeys.length
    )
      return false;
    spec = next;
    plot.batch(() => {
      // Lines no longer wanted go (from the end, so that positions hold), then the new ones
      // are put in place; the lines kept keep their order, as both lists follow the regions.
      const wanted = new Set(nextKeys);
      for (let i = keys.length - 1; i >= 0; i--)
        if (!wanted.has(keys[i])) {
          plot.delSeries(i + 1);
          keys.splice(i, 1);
        }
      nextKeys.forEach((k, i) => {
        if (keys[i] === k) return;
        const at = keys.indexOf(k);
        if (at >= 0) {
          plot.delSeries(at + 1);
          keys.splice(at, 1);
        }
        plot.addSeries(lineOptions(next.series[i]), i + 1);
        keys.splice(i, 0, k);
      });
      plot.setData(dataOf(next.series));
      if (last >= 0) plot.setLegend({ idx: last });
    });
    caption.textContent = next.source;
    return true;
  };
  return { element, plot, update };
}
