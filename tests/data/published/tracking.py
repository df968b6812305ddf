"""Known answers for comparing an index with a benchmark: pandas' figures on FHFA's own
published series. Run from this folder (versions in README.md):

    python3 tracking.py

Each case compares a "run" series with a "benchmark" series, both taken from the published
files here, at the coarser of their periodicities (a year is the mean of its four quarters,
kept only when all four have a value). Writes:

- tracking_inputs.csv: case, side (run | benchmark), periodicity, label, value: exactly the
  series compared, so that a test feeds the same numbers to HPI Studio's arithmetic;
- tracking_expected.csv: per case, the periodicity compared in, the common periods (count,
  first, last), the Pearson correlation of log returns over consecutive common periods, the
  root mean square of ln(a/a0) - ln(b/b0) over the common periods (both rebased at the
  first), and the mean absolute difference of growth over one year in percentage points.

Nothing here is typed by hand.
"""

import numpy as np
import pandas as pd

PER_YEAR = {"annual": 1, "quarterly": 4}


def cbsa(code: str) -> pd.Series:
    # Headerless: name,cbsa,yr,qtr,index,se; '-' where there is no value.
    f = pd.read_csv(
        "fhfa_hpi_cbsa_2009q1.csv",
        header=None,
        names=["name", "cbsa", "yr", "qtr", "index", "se"],
        dtype=str,
    )
    f = f[(f["cbsa"] == code) & (f["index"] != "-")]
    return pd.Series(f["index"].astype(float).values, index=f["yr"].astype(int) * 4 + f["qtr"].astype(int) - 1)


def state(postal: str) -> pd.Series:
    # Old Mac line endings: CR only.
    with open("fhfa_hpi_state_po_2009q1.csv", newline="") as fh:
        lines = fh.read().split("\r")
    rows = [line.split(",") for line in lines[1:] if line]
    f = pd.DataFrame(rows, columns=lines[0].split(","))
    f = f[f["state"] == postal]
    values = f["index_not_seasonally_adjusted"].astype(float).values
    return pd.Series(values, index=f["yr"].astype(int) * 4 + f["qtr"].astype(int) - 1)


def to_annual(q: pd.Series) -> pd.Series:
    years = q.groupby(q.index // 4)
    return years.mean()[years.count() == 4]


def label(period: int, per: str) -> str:
    return str(period) if per == "annual" else f"{period // 4}-Q{period % 4 + 1}"


def figures(a: pd.Series, b: pd.Series, per: str) -> dict:
    common = a.index.intersection(b.index).sort_values()
    a, b = a[common], b[common]
    lag = PER_YEAR[per]

    def change(k: int) -> pd.DataFrame:
        # Each common period against the one k periods earlier, where that one is common too.
        before = common - k
        keep = before.isin(common)
        now, then = common[keep], before[keep]
        return pd.DataFrame(
            {"a": a[now].values / a[then].values, "b": b[now].values / b[then].values},
            index=now,
        )

    ret = np.log(change(1))
    grow = change(lag) - 1
    d = np.log(a / a.iloc[0]) - np.log(b / b.iloc[0])
    return {
        "periodicity": per,
        "periods": len(common),
        "first": label(common[0], per),
        "last": label(common[-1], per),
        "return_correlation": ret["a"].corr(ret["b"]),
        "returns": len(ret),
        "rms_log_difference": float(np.sqrt((d**2).mean())),
        "growth_difference": float((grow["a"] - grow["b"]).abs().mean() * 100),
        "growths": len(grow),
    }


def main() -> None:
    seattle = cbsa("42644")
    abilene = cbsa("10180")
    # An "annual run": the second quarter of each year, as a stand-in for a yearly index.
    seattle_q2 = pd.Series(seattle[seattle.index % 4 == 1].values, index=seattle[seattle.index % 4 == 1].index // 4)
    cases = [
        ("seattle_vs_wa", seattle, "quarterly", state("WA"), "quarterly", "quarterly"),
        ("abilene_vs_tx", abilene, "quarterly", state("TX"), "quarterly", "quarterly"),
        ("annual_vs_quarterly", seattle_q2, "annual", state("WA"), "quarterly", "annual"),
    ]
    inputs, expected = [], []
    for name, run, run_per, bench, bench_per, per in cases:
        for side, s, p in [("run", run, run_per), ("benchmark", bench, bench_per)]:
            for period, value in s.items():
                inputs.append({"case": name, "side": side, "periodicity": p, "label": label(period, p), "value": value})
        a = run if run_per == per else to_annual(run)
        b = bench if bench_per == per else to_annual(bench)
        expected.append({"case": name, **figures(a, b, per)})
    pd.DataFrame(inputs).to_csv("tracking_inputs.csv", index=False, float_format="%.17g")
    pd.DataFrame(expected).to_csv("tracking_expected.csv", index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
