-- A report's findings as stored, for its review page.
-- params: report_id
SELECT level, code, message, span_start, span_end FROM flags WHERE report_id = $report_id
