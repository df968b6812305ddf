"""Known answers for composites of regions: pandas' composites of FHFA's own
published series, by the two rules HPI Studio offers. Run from this folder
(versions in README.md):

    python3 composite.py

Rules (docs/methodology.md#composites-of-regions), with weights w normalised to sum 1:
- chained (FHFA's Census divisions): C at the first period is 100 (if any region has a
  value there); C_t = C_{t-1} * sum(w_r * I_rt / I_rt-1) / sum(w_r) over the regions with
  a value at t-1 and t; with no such region C has no value from t on;
- levels (S&P's composites): C_t = 100 * sum(w_r * I_rt / I_r0), only where every region
  has a value at t and at the first period.

Cases: three Pacific states (quarterly, 1991-Q1 to 2009-Q1) and four Texas metros
(quarterly from 1975-Q1, when some have no value yet, so that the chained rule runs with
regions joining later). The weights are made-up analyst weights, inputs, not answers.
Writes composite_inputs.csv (case, region, weight, label, value: the series exactly as
fed) and composite_expected.csv (case, rule, label, value). Nothing here is typed by hand
but the weights.
"""

import numpy as np
import pandas as pd

from tracking import cbsa, state

CASES = {
    "pacific": ("state", {"WA": 2.0, "OR": 1.0, "CA": 5.0}),
    "texas_metros": ("cbsa", {"10180": 1.0, "11100": 1.5, "12420": 4.0, "13140": 2.5}),
}


def label(period: int) -> str:
    return f"{period // 4}-Q{period % 4 + 1}"


def chained(frame: pd.DataFrame, w: pd.Series) -> pd.Series:
    out, level = [], None
    for k, period in enumerate(frame.index):
        if k == 0:
            level = 100.0 if frame.iloc[0].notna().any() else None
        elif level is not None:
            ratio = frame.iloc[k] / frame.iloc[k - 1]
            ok = ratio.notna()
            level = level * float((w[ok] * ratio[ok]).sum() / w[ok].sum()) if ok.any() else None
        out.append(np.nan if level is None else level)
    return pd.Series(out, index=frame.index)


def levels(frame: pd.DataFrame, w: pd.Series) -> pd.Series:
    share = w / w.sum()
    relative = frame / frame.iloc[0]
    value = 100.0 * (relative * share).sum(axis=1)
    return value.where(relative.notna().all(axis=1))


def main() -> None:
    inputs, expected = [], []
    for case, (kind, weights) in CASES.items():
        read = state if kind == "state" else cbsa
        series = {r: read(r) for r in weights}
        first = min(s.index.min() for s in series.values())
        if kind == "state":
            first = max(s.index.min() for s in series.values())
        last = max(s.index.max() for s in series.values())
        periods = range(first, last + 1)
        frame = pd.DataFrame({r: s.reindex(periods) for r, s in series.items()}, index=periods)
        w = pd.Series(weights)
        for r in weights:
            for p in periods:
                v = frame.at[p, r]
                inputs.append((case, r, weights[r], label(p), "" if np.isnan(v) else repr(float(v))))
        for rule, f in (("chained", chained), ("levels", levels)):
            for p, v in f(frame, w).items():
                expected.append((case, rule, label(p), "" if np.isnan(v) else repr(float(v))))
    pd.DataFrame(inputs, columns=["case", "region", "weight", "label", "value"]).to_csv(
        "composite_inputs.csv", index=False
    )
    pd.DataFrame(expected, columns=["case", "rule", "label", "value"]).to_csv("composite_expected.csv", index=False)


if __name__ == "__main__":
    main()
