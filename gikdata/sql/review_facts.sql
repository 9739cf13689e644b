-- A report's facts as stored (corrections applied), in extraction order, for its review page.
-- params: report_id
SELECT measure, dimension, value, unit, approx, span_start, span_end, evidence, rule, value_start, value_end,
       subject
FROM facts WHERE report_id = $report_id ORDER BY fact_id
