-- Agency x year: how many reports, how many numbers they gave, and how many measures of its own
-- they report (a total or its parts; a template table counts once, other bodies' figures not at
-- all): the overview's coverage matrix is coloured by measures, so a template's 200 cells do not
-- outweigh every other report.
SELECT r.agency_id, coalesce(a.name, a.short_name, r.agency_id) AS name, r.year,
       count(DISTINCT r.report_id) AS n_reports, count(f.fact_id) AS n_facts,
       count(DISTINCT CASE WHEN f.subject IS NULL THEN f.measure END) AS n_measures
FROM reports r JOIN agencies a USING (agency_id) LEFT JOIN facts f USING (report_id)
WHERE r.year IS NOT NULL
GROUP BY r.agency_id, a.name, a.short_name, r.year
ORDER BY r.agency_id, r.year
