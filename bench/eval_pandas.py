#!/usr/bin/python3
"""bench/eval_pandas.py DIR: the pace rules (序时进度) of src/indicators/evaluate.cc written in
pandas, for bench/eval to time against our engine. Run with Debian's /usr/bin/python3
(python3-pandas); the python3 on PATH may be another interpreter without it.

Timed apart: `load` (read_csv and turning periods into numbers, what our loader does before
the engine sees an Observation) and `eval` (every indicator x region pair: the latest
observation, compounded yearly rates for rate-observed kinds, progress, time elapsed, status).
Prints "key value" lines like bench/eval_bench, ending with the status counts.

Covers the rules the generated data exercises (method pace, default thresholds 10/30/10):
level, cumulative (level or % rate), growth, ceiling, floor, qualitative; the direction of
growth caps; a baseline taken from the baseline-year observation when the table has none.
"""
import sys
import time

import numpy as np
import pandas as pd

YELLOW, AHEAD = 10.0, 10.0


def load(d):
    ind = pd.read_csv(f"{d}/indicators.csv", dtype=str, keep_default_na=False)
    obs = pd.read_csv(f"{d}/observations.csv", usecols=[0, 1, 2, 3],
                      dtype={"indicator": "category", "region": "category", "period": str,
                             "value": float})
    p = obs["period"]
    year = p.str.slice(0, 4).astype(np.int32)
    tail = p.str.slice(5)
    is_q = tail.str.startswith("Q")
    sub = np.where(tail == "", 0,
                   np.where(is_q, tail.str.slice(1).replace("", "0").astype(int) * 3,
                            pd.to_numeric(tail, errors="coerce").fillna(0).astype(int)))
    grain_rank = np.where(tail == "", 2, np.where(is_q, 1, 0))  # month < quarter < year
    end_month = year * 12 + np.where(grain_rank == 2, 12, sub)
    obs = pd.DataFrame({
        "indicator": obs["indicator"], "region": obs["region"], "value": obs["value"],
        "year": year, "rank": grain_rank.astype(np.int8), "end": end_month.astype(np.int32),
        "key": (end_month * 4 + grain_rank).astype(np.int64)})
    return ind, obs


def indicator_facts(ind):
    num = ind["target"].str.extract(r"(-?[0-9]+(?:\.[0-9]+)?)")[0].astype(float)
    f = pd.DataFrame({"indicator": ind["code"]})
    f["kind"] = ind["target_kind"].values
    f["target"] = num.values
    f.loc[f["kind"] == "qualitative", "target"] = np.nan
    f["by"] = pd.to_numeric(ind["baseline_year"], errors="coerce").values
    f["ty"] = pd.to_numeric(ind["target_year"], errors="coerce").values
    f["b_table"] = pd.to_numeric(ind["baseline"], errors="coerce").values
    f["d"] = np.where(ind["direction"].values == "decrease", -1.0, 1.0)
    rate = (f["kind"] == "growth") | ((f["kind"] == "cumulative") & (ind["unit"].values == "%"))
    f["rate"] = rate
    reduction = ind["name"].str.contains("降|减").values
    f["s"] = np.where((f["kind"] == "cumulative") & reduction, -1.0, 1.0)
    return f


def evaluate(ind, obs):
    f = indicator_facts(ind)
    # Latest observation per pair (a year over a quarter over a month at the same end).
    idx = obs.groupby(["indicator", "region"], observed=True, sort=False)["key"].idxmax()
    e = obs.loc[idx.values, ["indicator", "region", "value", "year", "rank", "end"]]
    e = e.reset_index(drop=True)
    e["indicator"] = e["indicator"].astype(str)
    e = e.merge(f, on="indicator", how="left")

    # Yearly rows: the baseline-year observation and the yearly rates after it.
    yearly = obs[obs["rank"] == 2]
    if len(yearly):
        y = yearly.merge(f[["indicator", "by", "rate", "s"]].astype({"indicator": "category"}),
                         on="indicator", how="left")
        base_obs = (y[y["year"] == y["by"]].groupby(["indicator", "region"], observed=True)
                    ["value"].last().rename("b_obs").reset_index())
        r = y[y["rate"] & (y["year"] > y["by"]) & (y["year"] - y["by"] <= 64)]
        factor = 1 + r["s"] * r["value"] / 100
        r = r.assign(lg=np.log(factor.where(factor > 0)))
        r = r[r["lg"].notna()]
        rates = (r.groupby(["indicator", "region"], observed=True)["lg"]
                 .agg(["sum", "count"]).reset_index())
        for t in (base_obs, rates):
            t["indicator"] = t["indicator"].astype(str)
            t["region"] = t["region"].astype(str)
        e["region"] = e["region"].astype(str)
        e = e.merge(base_obs, on=["indicator", "region"], how="left")
        e = e.merge(rates, on=["indicator", "region"], how="left")
    else:
        e["b_obs"] = np.nan
        e["sum"] = np.nan
        e["count"] = np.nan
    e["sum"] = e["sum"].fillna(0.0)
    e["count"] = e["count"].fillna(0.0)

    v = e["value"].to_numpy()
    target = e["target"].to_numpy()
    d = e["d"].to_numpy()
    by = e["by"].to_numpy()
    ty = e["ty"].to_numpy()
    b = np.where(np.isnan(e["b_table"].to_numpy()), e["b_obs"].to_numpy(), e["b_table"].to_numpy())
    end_year = e["end"].to_numpy() / 12.0 - 1.0
    span = ty - by
    tv = end_year - by
    with np.errstate(invalid="ignore", divide="ignore"):
        time_el = np.clip(tv / span, 0, 1) * 100
    reached = end_year >= ty
    kind = e["kind"].to_numpy()
    rate = e["rate"].to_numpy(dtype=bool)
    s = e["s"].to_numpy()

    status = np.full(len(e), "no_data", dtype=object)

    def judge(mask, progress, gap):
        st = np.where(progress >= 100, "achieved",
                      np.where(progress < 0, "deteriorating",
                               np.where(gap >= AHEAD, "ahead",
                                        np.where(gap > -YELLOW, "on_track", "lagging"))))
        status[mask] = st[mask]

    def bound(mask, ceiling, bnd):
        met = np.where(ceiling, v <= bnd, v >= bnd)
        worse = ~np.isnan(b) & np.where(ceiling, v > b, v < b)
        st = np.where(met, np.where(reached, "achieved", "on_track"),
                      np.where(worse, "deteriorating", "lagging"))
        status[mask] = st[mask]

    scored = (kind != "qualitative") & ~np.isnan(target)
    status[~scored] = "not_scored"
    bnd_kind = scored & ((kind == "ceiling") | (kind == "floor"))
    bound(bnd_kind, kind == "ceiling", target)

    path = scored & ~bnd_kind & ~np.isnan(by)
    span_ok = ~np.isnan(ty) & (ty > by)
    status[path & ~span_ok] = "not_scored"
    path &= span_ok & (tv >= 0)

    with np.errstate(invalid="ignore", divide="ignore"):
        # Level path (and a cumulative change in a unit other than %).
        lvl = path & ~rate & ~np.isnan(b)
        t = np.where(kind == "cumulative", b + d * target, target)
        met_at_base = d * (t - b) <= 0
        bound(lvl & met_at_base, d < 0, t)
        prog = (v - b) / (t - b) * 100
        judge(lvl & ~met_at_base, prog, prog - time_el)

        # Rate path: compounded yearly rates plus the year-to-date latest month.
        rt = path & rate
        ytd = (e["rank"].to_numpy() != 2) & (e["year"].to_numpy() > by)
        frac = (e["end"].to_numpy() - e["year"].to_numpy() * 12) / 12.0
        fac = 1 + s * v / 100
        use = ytd & (fac > 0)
        sum_log = e["sum"].to_numpy() + np.where(use, frac * np.log(np.where(fac > 0, fac, 1)), 0)
        years = e["count"].to_numpy() + np.where(use, frac, 0)
        required = np.where(kind == "growth", span * np.log1p(target / 100),
                            np.log1p(s * target / 100))
        mean_log = np.where(years > 0, sum_log / np.where(years > 0, years, 1), 0)
        rt &= ~((years == 0) & (tv > 0)) & np.isfinite(required)
        est = mean_log * tv
        progress = np.where(required != 0, est / required * 100, 0)
        up = rt & (d > 0) & (s * required > 0)
        judge(up, progress, progress - time_el)
        cap = rt & (d < 0)
        gap = time_el - progress
        st = np.where(reached, np.where(progress <= 100, "achieved", "lagging"),
                      np.where(gap > -YELLOW, "on_track", "lagging"))
        status[cap] = st[cap]
        # A zero or negative target (growth, or a "reduction" of <= 0): met or not by the rate.
        nonpos = rt & (d > 0) & (s * required <= 0)
        actual = s * (np.exp(mean_log) - 1)
        req_rate = s * (np.exp(required / span) - 1)
        met = (years == 0) | (actual >= req_rate)
        st = np.where(met, np.where(reached, "achieved", "on_track"), "lagging")
        status[nonpos] = st[nonpos]
    e["status"] = status
    return e


def main():
    d = sys.argv[1]
    t0 = time.perf_counter()
    ind, obs = load(d)
    t1 = time.perf_counter()
    times = []
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 1):
        s = time.perf_counter()
        e = evaluate(ind, obs)
        times.append(time.perf_counter() - s)
    times.sort()
    print(f"pandas_rows {len(obs)}")
    print(f"pandas_load_s {t1 - t0:.3f}")
    print(f"pandas_eval_s {times[0]:.3f}")
    print(f"pandas_pairs {len(e)}")
    for k, n in sorted(e["status"].value_counts().items()):
        print(f"status_{k} {n}")


if __name__ == "__main__":
    main()
