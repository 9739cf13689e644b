-- Every fact of an agency's reports, with the file and evidence sentence it comes from, and
-- where its number stands (value_start: the review page's anchor p<value_start>).
-- params: agency_id
SELECT r.year, f.measure, f.dimension, f.subject, f.value, f.unit, f.approx, f.evidence,
       r.file, f.span_start, f.span_end, f.rule, f.fact_id, r.report_id, f.value_start
FROM facts f JOIN reports r USING (report_id)
WHERE r.agency_id = $agency_id
ORDER BY r.year, f.fact_id
