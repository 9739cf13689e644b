-- A content digest per agency: it changes when any of its reports, facts, findings or names
-- change (briefs whose digest is unchanged are not rendered again).
SELECT a.agency_id, md5(concat_ws('|', a.agency_id, a.name, a.short_name, a.province, a.city, a.county, a.zone,
    a.first_year, a.last_year,
    (SELECT string_agg(concat_ws(',', r.report_id, r.sha256, r.year, r.format, r.title), ';' ORDER BY r.report_id)
       FROM reports r WHERE r.agency_id = a.agency_id),
    (SELECT string_agg(concat_ws(',', f.fact_id, f.report_id, f.measure, f.dimension, f.subject, f.value, f.unit,
                                 f.approx, f.span_start, f.span_end, f.rule), ';' ORDER BY f.report_id, f.fact_id)
       FROM facts f JOIN reports r USING (report_id) WHERE r.agency_id = a.agency_id),
    (SELECT string_agg(concat_ws(',', fl.report_id, fl.level, fl.code, fl.message, fl.span_start), ';'
                       ORDER BY fl.report_id, fl.code, fl.message)
       FROM flags fl JOIN reports r USING (report_id) WHERE r.agency_id = a.agency_id))) AS digest
FROM agencies a
ORDER BY a.agency_id
