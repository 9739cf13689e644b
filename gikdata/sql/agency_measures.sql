-- An agency's own figures (not its departments'), long: one row per year, measure and dimension,
-- with the report's format and the first fact that states it (the evidence anchor).
-- params: agency_id
SELECT r.year, r.format, f.measure, f.dimension, f.unit,
       CASE WHEN count(DISTINCT f.value) = 1 THEN any_value(f.value) END AS value,
       bool_or(f.approx) AS approx, count(*) AS n_statements, min(f.fact_id) AS fact_id
FROM facts f JOIN reports r USING (report_id)
WHERE r.agency_id = $agency_id AND r.year IS NOT NULL AND f.subject IS NULL
GROUP BY r.year, r.format, f.measure, f.dimension, f.unit
ORDER BY r.year, f.measure, f.dimension NULLS FIRST
