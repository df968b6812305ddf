// Some environments (LANG=C, as on many servers and test displays) report
// navigator.language as "C", which Intl refuses; uPlot formats with it when
// it loads. Imported first so that the UI starts in any locale.
try {
  new Intl.NumberFormat(navigator.language);
} catch {
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
}
export {};
