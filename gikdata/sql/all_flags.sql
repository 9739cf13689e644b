-- Every stored finding with its report, most serious first.
SELECT r.file, r.year, r.agency_id, fl.level, fl.code, fl.message, fl.span_start, fl.span_end
FROM flags fl JOIN reports r USING (report_id)
ORDER BY CASE fl.level WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.file, fl.code
