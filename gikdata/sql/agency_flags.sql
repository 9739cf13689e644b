-- Findings about an agency's reports, most serious first.
-- params: agency_id
SELECT r.year, fl.level, fl.code, fl.message, r.file
FROM flags fl JOIN reports r USING (report_id)
WHERE r.agency_id = $agency_id
ORDER BY CASE fl.level WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.year, fl.code
