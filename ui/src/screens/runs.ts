// Runs: the history with parameters; compare two runs side by side.
import { fill, h } from "../dom";
import { errorBox } from "../errors";
import { api, FILTERS_OF, WEIGHTS, type RunRecord } from "../ipc";
import { rankingTable } from "./diagnostics";
import { colorOf, filtersNote, indexValue, seconds, titleOf } from "../format";
import { lineChart } from "../chart";
import { dataTable } from "../table";
import { exportMenu } from "../exportmenu";
import { refreshProject } from "../actions";
import { seriesOf } from "../series";
import { state, update } from "../state";

const picked = new Set<number>();

function parameters(r: RunRecord): string {
  const p = r.parameters;
  if (p === null) return "parameters not recorded";
  const parts = [`${p.start}–${p.end}`, p.periodicity];
  if ("min_half_pairs" in p) {
    parts.push(`threshold ${p.min_half_pairs}`);
    if (p.weights.length < WEIGHTS.length) parts.push(`weights ${p.weights.join(", ")}`);
    if (p.aggregate?.length) parts.push(`also ${p.aggregate.join(", ")}`);
  }
  if ("seasonal" in p && p.seasonal) parts.push(`seasonally adjusted${p.seasonal.robust ? " (robust)" : ""}`);
  if ("smooth" in p && p.smooth) parts.push(`smoothed over ${p.smooth} periods`);
  if ("composites" in p && p.composites?.length) parts.push(p.composites.map((c) => `composite:${c.name}`).join(", "));
  const custom = filtersNote(p.filters, FILTERS_OF[r.method]);
  if (custom) parts.push(custom);
  return parts.join(" · ");
}

export function runsScreen(root: HTMLElement): void {
  const message = h("div");
  const compare = h("section", { id: "compare" });
  if (!state.runs.length) {
    root.append(
      h("h1", {}, "Runs"),
      h("p", { class: "lead" }, "Every run you make is kept here with its parameters. None yet."),
    );
    return;
  }
  const rows = state.runs.map((r) => {
    const box = h("input", {
      type: "checkbox",
      "data-run": String(r.id),
      checked: picked.has(r.id),
      disabled: r.status !== "succeeded",
      onchange: (e: Event) => {
        if ((e.target as HTMLInputElement).checked) picked.add(r.id);
        else picked.delete(r.id);
        void drawCompare(compare);
      },
    });
    return h(
      "tr",
      { "data-status": r.status },
      h("td", {}, box),
      h("td", { class: "num" }, String(r.id)),
      h("td", {}, r.created_at.replace("T", " ").replace("Z", "")),
      h("td", {}, r.method.toUpperCase()),
      h("td", {}, parameters(r)),
      h("td", { class: `status-${r.status}` }, r.status),
      h("td", { class: "num" }, seconds(r.duration_ms)),
      h(
        "td",
        {},
        r.status === "succeeded"
          ? h("button", { class: "link", onclick: () => update({ run: r.id, screen: "results" }) }, "Open")
          : null,
        h(
          "button",
          {
            class: "link danger",
            onclick: async () => {
              try {
                await api.runDelete(r.id);
                picked.delete(r.id);
                await refreshProject();
              } catch (e) {
                fill(message, errorBox(e));
              }
            },
          },
          "Delete",
        ),
      ),
    );
  });
  root.append(
    h(
      "div",
      { class: "title-row" },
      h("h1", {}, "Runs"),
      exportMenu(
        () => [...picked].sort((a, b) => a - b),
        () => null,
        message,
      ),
    ),
    h(
      "p",
      { class: "hint" },
      "Tick two runs to compare them side by side; Export writes the ticked runs (a comparison report for HTML).",
    ),
    message,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { id: "runs-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["", "Run", "Started (UTC)", "Method", "Parameters", "Status", "Time", ""].map((t) => h("th", {}, t)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    compare,
  );
  void drawCompare(compare);
}

async function drawCompare(el: HTMLElement): Promise<void> {
  const ids = [...picked].sort((a, b) => a - b).slice(0, 2);
  if (ids.length < 2) {
    fill(el);
    return;
  }
  try {
    const [a, b] = await Promise.all(ids.map((id) => api.runResults(id)));
    const sa = seriesOf(a.index, a.record.method);
    const sb = seriesOf(b.index, b.record.method);
    const region = sa.find((s) => sb.some((t) => t.region === s.region))?.region ?? sa[0]?.region;
    const left = sa.filter((s) => s.region === region);
    const right = sb.filter((s) => s.region === region);
    const labels = left[0]?.labels ?? [];
    const lines = [
      ...left.map((s) => ({ label: `Run ${ids[0]} ${titleOf(s.weight)}`, color: colorOf(s.weight), values: s.values })),
      ...right.map((s) => ({
        label: `Run ${ids[1]} ${titleOf(s.weight)}`,
        color: colorOf(s.weight),
        dash: [6, 3],
        values: labels.map((l) => {
          const i = s.labels.indexOf(l);
          return i < 0 ? null : s.values[i];
        }),
      })),
    ];
    const chart = lineChart(
      {
        labels,
        series: lines,
        yLabel: "Index",
        log: false,
        source: `Runs ${ids[0]} (solid) and ${ids[1]} (dashed), ${region}; each run's own base period = 100.`,
      },
      300,
    );
    const first = left[0];
    const second = right.find((s) => s.weight === first?.weight) ?? right[0];
    const rows = labels.map((l, i) => {
      const x = first?.values[i] ?? null;
      const j = second ? second.labels.indexOf(l) : -1;
      const y = j >= 0 && second ? second.values[j] : null;
      return [l, x, y, x !== null && y !== null ? y - x : null];
    });
    const evaluated = [a, b].flatMap((r) =>
      (r.evaluation?.series ?? [])
        .filter((s) => s.region === region)
        .map((s) => ({ name: `Run ${r.record.id} ${titleOf(s.weight ?? s.method)}`, s })),
    );
    fill(
      el,
      h("h2", {}, `Run ${ids[0]} and run ${ids[1]} side by side (${region})`),
      chart.element,
      evaluated.length
        ? rankingTable(evaluated)
        : h(
            "p",
            { class: "hint", id: "ranking-hint" },
            "Evaluate the runs (Results › Diagnostics) to rank their indices here.",
          ),
      dataTable(
        [
          { title: "Period" },
          {
            title: `Run ${ids[0]} ${titleOf(first?.weight ?? "")}`,
            numeric: true,
            show: (v) => indexValue(v as number | null),
          },
          {
            title: `Run ${ids[1]} ${titleOf(second?.weight ?? "")}`,
            numeric: true,
            show: (v) => indexValue(v as number | null),
          },
          { title: "Difference", numeric: true, show: (v) => indexValue(v as number | null) },
        ],
        rows,
        { id: "compare-table" },
      ),
    );
  } catch (e) {
    fill(el, errorBox(e));
  }
}
