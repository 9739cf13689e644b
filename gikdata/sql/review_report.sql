-- One report as stored, with its agency: what a review page shows beside the briefs.
-- params: report_id
SELECT r.report_id, r.file, r.sha256, r.encoding, r.text, r.year, r.format, r.scope, r.title,
       a.name, a.short_name, a.function, a.level, a.province, a.city, a.county, a.zone, a.region_code
FROM reports r LEFT JOIN agencies a USING (agency_id)
WHERE r.report_id = $report_id
