-- Agencies with at least one dated report: the ones that get a brief.
SELECT a.agency_id, a.name, a.short_name, min(r.year) AS first_year, max(r.year) AS last_year,
       count(*) AS n_reports
FROM agencies a JOIN reports r USING (agency_id)
WHERE r.year IS NOT NULL
GROUP BY a.agency_id, a.name, a.short_name
ORDER BY a.agency_id
