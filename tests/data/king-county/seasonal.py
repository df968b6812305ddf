"""Known answers for seasonal adjustment: statsmodels' STL on ln(index) of the quarterly and
monthly BMN indices of the King County sales, with the settings HPI Studio adopts (its
defaults with seasonal=7: degrees 1, jumps 1, trend and low-pass windows from the period,
5 inner iterations; 0 outer, or 15 when robust). Run from this folder (versions in
README.md):

    /tmp/ka/bin/python seasonal.py

The input is the statsmodels BMN index of `golden/ex_sales_bmn_{quarterly,monthly}_se.csv`
(written by diagnostics.py), so a test can feed exactly these ln(index) values to its STL.
Writes golden/ex_sales_bmn_{quarterly,monthly}_stl.csv: period, name, ln_index, and per fit
(plain, robust) its seasonal, trend and residual. Nothing here is typed by hand.
"""

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

PERIODS = {"quarterly": 4, "monthly": 12}


def main() -> None:
    for per_name, np_ in PERIODS.items():
        index = pd.read_csv(f"golden/ex_sales_bmn_{per_name}_se.csv")
        y = np.log(index["value"].to_numpy())
        out = {"period": index["period"], "name": index["name"], "ln_index": y}
        for label, robust in [("plain", False), ("robust", True)]:
            fit = STL(y, period=np_, seasonal=7, robust=robust).fit()
            out[f"{label}_seasonal"] = fit.seasonal
            out[f"{label}_trend"] = fit.trend
            out[f"{label}_resid"] = fit.resid
        pd.DataFrame(out).to_csv(f"golden/ex_sales_bmn_{per_name}_stl.csv", index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
