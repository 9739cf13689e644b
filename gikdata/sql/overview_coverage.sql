-- Agency x year: how many reports, and how many numbers they gave (dated reports only).
SELECT r.agency_id, coalesce(a.name, a.short_name, r.agency_id) AS name, r.year,
       count(DISTINCT r.report_id) AS n_reports, count(f.fact_id) AS n_facts
FROM reports r JOIN agencies a USING (agency_id) LEFT JOIN facts f USING (report_id)
WHERE r.year IS NOT NULL
GROUP BY r.agency_id, a.name, a.short_name, r.year
ORDER BY r.agency_id, r.year
