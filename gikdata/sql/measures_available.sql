-- Measures stated as a report's own total, with how many agencies and reports state them.
SELECT f.measure, count(DISTINCT r.agency_id) AS n_agencies, count(DISTINCT r.report_id) AS n_reports
FROM facts f JOIN reports r USING (report_id)
WHERE f.subject IS NULL AND f.dimension IS NULL AND r.year IS NOT NULL
GROUP BY f.measure
ORDER BY n_agencies DESC, f.measure
