-- bench/eval.sql: the pace rules (序时进度) of src/indicators/evaluate.cc as one PostgreSQL
-- query over every indicator x region pair, for bench/eval to time against our engine. The
-- same rules in pandas: bench/eval_pandas.py; the three agree pair for pair on generated data.
--
-- Tables (created and loaded by bench/eval):
--   ind(code, name, unit, category, attribute, direction, target_kind, baseline_year,
--       baseline, target_year, target, note)      indicators.csv as written
--   obs(indicator, region, period, value, source)  observations.csv, PRIMARY KEY
--                                                  (indicator, region, period)
-- Result: TEMP TABLE result(indicator, region, status). Method pace, thresholds 10/30/10.
CREATE TEMP TABLE result AS
WITH f AS (
  SELECT code AS indicator, target_kind AS kind,
         CASE WHEN target_kind = 'qualitative' THEN NULL
              ELSE substring(target FROM '-?[0-9]+(?:\.[0-9]+)?')::float8 END AS target,
         baseline_year::float8 AS by, target_year::float8 AS ty, baseline AS b_table,
         CASE WHEN direction = 'decrease' THEN -1.0 ELSE 1.0 END::float8 AS d,
         (target_kind = 'growth' OR (target_kind = 'cumulative' AND unit = '%')) AS rate,
         CASE WHEN target_kind = 'cumulative' AND (name LIKE '%降%' OR name LIKE '%减%')
              THEN -1.0 ELSE 1.0 END::float8 AS s
  FROM ind),
o AS (
  -- Periods "2023", "2023-Q2", "2023-06": the year, the grain's rank at the same end (a
  -- month before a quarter before a year) and the end month (year * 12 + month).
  SELECT indicator, region, value,
         substr(period, 1, 4)::int AS year,
         CASE WHEN length(period) = 4 THEN 2 WHEN substr(period, 6, 1) = 'Q' THEN 1 ELSE 0 END
           AS rank,
         substr(period, 1, 4)::int * 12 +
           CASE WHEN length(period) = 4 THEN 12
                WHEN substr(period, 6, 1) = 'Q' THEN substr(period, 7)::int * 3
                ELSE substr(period, 6)::int END AS em
  FROM obs),
latest AS (
  SELECT DISTINCT ON (indicator, region) indicator, region, value AS v, year, rank, em
  FROM o
  ORDER BY indicator, region, em * 4 + rank DESC),
yr AS (
  -- Yearly rows: the baseline-year value and the compounded yearly rates after it.
  SELECT o.indicator, o.region,
         max(o.value) FILTER (WHERE o.year = f.by) AS b_obs,
         sum(ln(1 + f.s * o.value / 100))
           FILTER (WHERE f.rate AND o.year > f.by AND o.year - f.by <= 64
                   AND 1 + f.s * o.value / 100 > 0) AS sum_log,
         count(*) FILTER (WHERE f.rate AND o.year > f.by AND o.year - f.by <= 64
                          AND 1 + f.s * o.value / 100 > 0) AS n
  FROM o JOIN f USING (indicator)
  WHERE o.rank = 2
  GROUP BY o.indicator, o.region),
j AS (
  SELECT l.indicator, l.region, l.v, l.year, l.rank, l.em, f.kind, f.target, f.by, f.ty, f.d,
         f.rate, f.s, coalesce(f.b_table, y.b_obs) AS b,
         coalesce(y.sum_log, 0) AS sum_log0, coalesce(y.n, 0)::float8 AS n0,
         l.em / 12.0 - 1 AS end_year
  FROM latest l JOIN f USING (indicator) LEFT JOIN yr y USING (indicator, region)),
k AS (
  SELECT j.*, end_year - by AS tv, end_year >= ty AS reached,
         least(greatest((end_year - by) / nullif(ty - by, 0), 0), 1) * 100 AS time_el,
         CASE WHEN kind = 'cumulative' AND NOT rate THEN b + d * target ELSE target END AS t,
         (rank <> 2 AND year > by AND 1 + s * v / 100 > 0) AS use_ytd,
         (em - year * 12) / 12.0 AS frac
  FROM j),
m AS (
  SELECT k.*,
         sum_log0 + CASE WHEN rate AND use_ytd THEN frac * ln(1 + s * v / 100) ELSE 0 END
           AS sum_log,
         n0 + CASE WHEN rate AND use_ytd THEN frac ELSE 0 END AS years,
         CASE WHEN NOT rate THEN NULL
              WHEN kind = 'growth' AND 1 + target / 100 > 0 THEN (ty - by) * ln(1 + target / 100)
              WHEN kind <> 'growth' AND 1 + s * target / 100 > 0 THEN ln(1 + s * target / 100)
         END AS required
  FROM k),
n AS (
  SELECT m.*,
         CASE WHEN years > 0 THEN sum_log / years ELSE 0 END AS mean_log,
         (v - b) / nullif(t - b, 0) * 100 AS level_progress
  FROM m),
p AS (
  SELECT n.*,
         CASE WHEN required <> 0 THEN mean_log * (end_year - by) / required * 100 ELSE 0 END
           AS rate_progress
  FROM n)
SELECT indicator, region,
  CASE
    WHEN kind = 'qualitative' OR target IS NULL THEN 'not_scored'
    WHEN kind IN ('ceiling', 'floor') THEN
      CASE WHEN (kind = 'ceiling' AND v <= target) OR (kind = 'floor' AND v >= target)
             THEN CASE WHEN reached THEN 'achieved' ELSE 'on_track' END
           WHEN b IS NOT NULL AND ((kind = 'ceiling' AND v > b) OR (kind = 'floor' AND v < b))
             THEN 'deteriorating'
           ELSE 'lagging' END
    WHEN by IS NULL THEN 'no_data'
    WHEN ty IS NULL OR ty <= by THEN 'not_scored'
    WHEN tv < 0 THEN 'no_data'
    WHEN NOT rate THEN
      CASE WHEN b IS NULL THEN 'no_data'
           WHEN d * (t - b) <= 0 THEN  -- met at the baseline: kept like a bound
             CASE WHEN (d < 0 AND v <= t) OR (d > 0 AND v >= t)
                    THEN CASE WHEN reached THEN 'achieved' ELSE 'on_track' END
                  WHEN (d < 0 AND v > b) OR (d > 0 AND v < b) THEN 'deteriorating'
                  ELSE 'lagging' END
           WHEN level_progress >= 100 THEN 'achieved'
           WHEN level_progress < 0 THEN 'deteriorating'
           WHEN level_progress - time_el >= 10 THEN 'ahead'
           WHEN level_progress - time_el > -10 THEN 'on_track'
           ELSE 'lagging' END
    WHEN required IS NULL THEN 'no_data'
    WHEN years = 0 AND tv > 0 THEN 'no_data'
    WHEN d < 0 THEN  -- a cap on growth
      CASE WHEN reached THEN CASE WHEN rate_progress <= 100 THEN 'achieved' ELSE 'lagging' END
           WHEN time_el - rate_progress > -10 THEN 'on_track'
           ELSE 'lagging' END
    WHEN s * required <= 0 THEN
      CASE WHEN years = 0 OR s * (exp(mean_log) - 1) >= s * (exp(required / (ty - by)) - 1)
             THEN CASE WHEN reached THEN 'achieved' ELSE 'on_track' END
           ELSE 'lagging' END
    WHEN rate_progress >= 100 THEN 'achieved'
    WHEN rate_progress < 0 THEN 'deteriorating'
    WHEN rate_progress - time_el >= 10 THEN 'ahead'
    WHEN rate_progress - time_el > -10 THEN 'on_track'
    ELSE 'lagging'
  END AS status
FROM p;
