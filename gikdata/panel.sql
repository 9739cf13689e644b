-- The panel tables, made by load.py once the facts are in, again at the end of every ingest
-- (materialised: a per-agency query reads its rows instead of aggregating every fact). The measure
-- placeholder is filled with one value column and one _approx column per measure (names checked
-- against [a-z][a-z0-9_]*). Every column is documented in docs/schema.md.

-- The value a report states for itself, per measure; NULL when its statements disagree.
CREATE TABLE report_measures AS
SELECT report_id, measure,
       CASE WHEN count(DISTINCT value) = 1 THEN any_value(value) END AS value,
       bool_or(approx) AS approx,
       count(*) AS n_statements
FROM facts
WHERE subject IS NULL AND dimension IS NULL
GROUP BY report_id, measure
ORDER BY report_id, measure;

-- One row per agency and year: the report under the agency's own remit first (平潭综合实验区财政金融局
-- before 平潭县财政局 in a year both reported), then the first by file name; a second report for the same
-- agency and year is counted (n_reports, duplicate) and flagged (duplicate_agency_year), never summed.
CREATE TABLE panel AS
WITH ordered AS (
    SELECT r.*, coalesce(r.remit != ag.function, false) AS other_remit
    FROM reports r LEFT JOIN agencies ag USING (agency_id)
    WHERE r.year IS NOT NULL
),
ranked AS (
    SELECT r.* EXCLUDE (other_remit),
           row_number() OVER (PARTITION BY r.agency_id, r.year ORDER BY r.other_remit, r.file, r.report_id) AS rank,
           count(*) OVER (PARTITION BY r.agency_id, r.year) AS n_reports
    FROM ordered r
),
grouped AS (  -- every report of an agency-year in the same order: the first is the panel's
    SELECT agency_id, year, list(report_id ORDER BY other_remit, file, report_id) AS all_reports
    FROM ordered GROUP BY agency_id, year
)
SELECT k.agency_id,
       a.name AS agency_name,
       k.year,
       k.report_id,
       k.format,
       CASE WHEN k.format = 'template' THEN CASE WHEN k.year >= 2021 THEN 'template_2021' ELSE 'template_2019' END
            ELSE 'freeform' END AS definitions,
       k.scope,
       k.remit,
       k.overrides,
       k.n_reports,
       k.n_reports > 1 AS duplicate,
       g.all_reports[2:] AS other_reports,
       {measure_columns}
FROM ranked k
JOIN agencies a USING (agency_id)
JOIN grouped g ON g.agency_id = k.agency_id AND g.year = k.year
LEFT JOIN report_measures m ON m.report_id = k.report_id
WHERE k.rank = 1
GROUP BY ALL
ORDER BY k.agency_id, k.year;

-- Year-over-year change per agency and measure (long: one row per agency, measure and year with
-- a value), an index to the agency's first year with a value (= 100), and series breaks where
-- the definitions (free form, 2019 template, 2021 template) or the scope change between the two years.
CREATE TABLE panel_changes AS
WITH v AS (
    SELECT p.agency_id, p.year, p.report_id, p.definitions, p.scope, p.remit, m.measure, m.value, m.approx
    FROM panel p JOIN report_measures m USING (report_id)
    WHERE m.value IS NOT NULL
),
s AS (
    SELECT v.*,
           lag(year) OVER w AS prev_year,
           lag(value) OVER w AS prev_value,
           lag(definitions) OVER w AS prev_definitions,
           lag(scope) OVER w AS prev_scope,
           lag(remit) OVER w AS prev_remit,
           first_value(year) OVER w AS base_year,
           first_value(value) OVER w AS base_value
    FROM v
    WINDOW w AS (PARTITION BY agency_id, measure ORDER BY year)
)
SELECT agency_id, measure, year, value, approx, report_id, definitions, scope,
       prev_year, prev_value,
       value - prev_value AS change,
       round(100 * (value - prev_value) / nullif(prev_value, 0), 2) AS change_pct,
       base_year,
       round(100 * value / nullif(base_value, 0), 2) AS index_to_base,
       coalesce(definitions != prev_definitions OR scope != prev_scope OR remit != prev_remit, false) AS series_break,
       nullif(concat_ws('; ',
           CASE WHEN definitions != prev_definitions THEN prev_definitions || ' -> ' || definitions END,
           CASE WHEN scope != prev_scope THEN 'scope ' || prev_scope || ' -> ' || scope END,
           CASE WHEN remit != prev_remit THEN 'remit ' || prev_remit || ' -> ' || remit END), '') AS break_reason,
       coalesce(year - prev_year > 1, false) AS gap
FROM s
ORDER BY agency_id, measure, year;

-- Agency x year over the corpus's years: present or missing, so gaps are visible.
CREATE VIEW coverage AS
WITH bounds AS (SELECT min(year) AS lo, max(year) AS hi FROM reports WHERE year IS NOT NULL),
years AS (SELECT unnest(range(lo, hi + 1)) AS year FROM bounds WHERE lo IS NOT NULL),
spans AS (SELECT agency_id, min(year) AS first_year, max(year) AS last_year
          FROM reports WHERE year IS NOT NULL GROUP BY agency_id)
SELECT s.agency_id, y.year,
       count(r.report_id) > 0 AS present,
       count(r.report_id) AS n_reports,
       y.year BETWEEN s.first_year AND s.last_year AS within_span
FROM spans s
CROSS JOIN years y
LEFT JOIN reports r ON r.agency_id = s.agency_id AND r.year = y.year
GROUP BY s.agency_id, y.year, s.first_year, s.last_year;
