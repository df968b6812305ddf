// Where a chart's direct labels go, apart from uPlot so that it is tested alone.

/**
 * Where each visible series' direct label goes: beside its last value, moved
 * apart where they crowd. `null` when they cannot all fit (too many lines, or
 * too little height): the legend names the lines instead.
 */
export function labelPositions(ends: { y: number }[], top: number, bottom: number, gap: number): number[] | null {
  if (!ends.length || ends.length * gap > bottom - top) return null;
  const order = ends.map((_, i) => i).sort((a, b) => ends[a].y - ends[b].y);
  const ys = order.map((i) => Math.min(Math.max(ends[i].y, top + gap / 2), bottom - gap / 2));
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k], ys[k - 1] + gap);
  // Pushed past the bottom: shift the stack up, keeping the gaps.
  const over = ys[ys.length - 1] - (bottom - gap / 2);
  if (over > 0)
    for (let k = ys.length - 1; k >= 0; k--)
      ys[k] = Math.min(ys[k] - over, k < ys.length - 1 ? ys[k + 1] - gap : Infinity);
  if (ys[0] < top) return null;
  const out = new Array<number>(ends.length);
  order.forEach((i, k) => (out[i] = ys[k]));
  return out;
}
