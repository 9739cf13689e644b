-- One measure's own totals for a list of agencies, by year, with format and evidence anchor.
-- params: agency_ids, measure
SELECT r.agency_id, coalesce(a.name, a.short_name, r.agency_id) AS name, r.year, r.format,
       CASE WHEN count(DISTINCT f.value) = 1 THEN any_value(f.value) END AS value,
       bool_or(f.approx) AS approx, min(f.fact_id) AS fact_id
FROM facts f JOIN reports r USING (report_id) JOIN agencies a USING (agency_id)
WHERE list_contains($agency_ids, r.agency_id) AND f.measure = $measure
  AND f.subject IS NULL AND f.dimension IS NULL AND r.year IS NOT NULL
GROUP BY r.agency_id, a.name, a.short_name, r.year, r.format
ORDER BY r.agency_id, r.year
