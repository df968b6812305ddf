// The Export menu of results and of the run history.
import { h } from "./dom";
import { errorBox } from "./errors";
import {
  api,
  dialogs,
  type BenchmarkKey,
  type ChartKind,
  type ExportFormat,
  type ExportRequest,
  type What,
} from "./ipc";
import { update } from "./state";

interface Item {
  label: string;
  what: What;
  format: ExportFormat;
  chart?: ChartKind;
  /** FHFA's master-file columns, 100 in the chosen base period. */
  fhfa?: boolean;
}

/** What the screen has chosen that some exports use. */
export interface ExportChoices {
  /** The benchmark a report compares the main run with. */
  benchmark?: BenchmarkKey | null;
  /** The base period (a label of the run) of the FHFA layout. */
  base?: string | null;
}

const ITEMS: Item[] = [
  { label: "Index as CSV", what: "index", format: "csv" },
  { label: "Index as Excel", what: "index", format: "xlsx" },
  { label: "Index as Parquet", what: "index", format: "parquet" },
  { label: "Index in FHFA master-file layout (CSV)", what: "index", format: "csv", fhfa: true },
  { label: "Tract panel as CSV", what: "tracts", format: "csv" },
  { label: "Tract panel as Excel", what: "tracts", format: "xlsx" },
  { label: "Quality report as JSON", what: "quality", format: "json" },
  { label: "Report as HTML", what: "index", format: "html" },
  { label: "Report as PDF", what: "index", format: "pdf" },
  { label: "Chart as PNG (print)", what: "index", format: "png", chart: "index" },
  { label: "Chart as SVG", what: "index", format: "svg", chart: "index" },
  { label: "Appreciation chart as PNG", what: "index", format: "png", chart: "appreciation" },
  { label: "Tract map as PNG (RSAI)", what: "tracts", format: "png", chart: "map" },
  { label: "Tract map as SVG (RSAI)", what: "tracts", format: "svg", chart: "map" },
  { label: "Half-pair coverage as PNG (RSAI)", what: "tracts", format: "png", chart: "coverage" },
  { label: "Half-pair coverage as SVG (RSAI)", what: "tracts", format: "svg", chart: "coverage" },
];

/** A menu button exporting `runs()` (the first is the main run) of `region()`. */
export function exportMenu(
  runs: () => number[],
  region: () => string | null,
  message: HTMLElement,
  choices: () => ExportChoices = () => ({}),
): HTMLElement {
  const list = h("div", { class: "menu-list", role: "menu", hidden: true });
  const button = h(
    "button",
    {
      id: "export-menu",
      "aria-haspopup": "menu",
      onclick: () => {
        list.hidden = !list.hidden;
      },
    },
    "⇪ Export",
  );
  for (const item of ITEMS) {
    list.append(
      h(
        "button",
        {
          role: "menuitem",
          onclick: async () => {
            list.hidden = true;
            const ids = runs();
            const stem = item.fhfa ? "fhfa" : item.chart ? `${item.chart}-chart` : item.what;
            const name = `run-${ids.join("-")}-${stem}.${item.format}`;
            const path = await dialogs.saveAs(name, item.format);
            if (!path) return;
            const request: ExportRequest = {
              runs: ids,
              what: item.what,
              region: region(),
              chart: item.chart ?? "index",
              format: item.format,
              path,
            };
            const chosen = choices();
            if (item.fhfa) request.layout = { hpi_type: null, flavor: null, base: chosen.base ?? null };
            // Reports and index charts draw the chosen benchmark beside the run.
            const report = item.format === "html" || item.format === "pdf";
            const indexChart = item.chart === "index" || item.chart === "appreciation";
            if ((report || indexChart) && chosen.benchmark) request.benchmark = chosen.benchmark;
            try {
              await api.exportRun(request);
              message.replaceChildren();
              update({ notice: `Saved ${path}` });
            } catch (e) {
              message.replaceChildren(errorBox(e));
            }
          },
        },
        item.label,
      ),
    );
  }
  return h("div", { class: "menu" }, button, list);
}
