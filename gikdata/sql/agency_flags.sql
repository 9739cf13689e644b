-- Findings about an agency's reports, most serious first, with the text they point at.
-- params: agency_id
SELECT r.year, fl.level, fl.code, fl.message, r.file,
       CASE WHEN fl.span_start IS NOT NULL AND fl.span_end > fl.span_start
            THEN substring(r.text, fl.span_start + 1, least(fl.span_end - fl.span_start, 200)) END AS evidence
FROM flags fl JOIN reports r USING (report_id)
WHERE r.agency_id = $agency_id
ORDER BY CASE fl.level WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, r.year, fl.code
