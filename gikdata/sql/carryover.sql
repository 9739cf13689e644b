-- Per report: requests carried in from last year (上年结转) and out to next year (结转下年度), 总计.
SELECT r.report_id, r.agency_id, r.year, r.file,
       max(CASE WHEN f.dimension LIKE '二、上年结转%|总计' THEN f.value END) AS carried_in,
       max(CASE WHEN f.dimension LIKE '四、结转下年度%|总计' THEN f.value END) AS carried_out
FROM reports r
LEFT JOIN facts f ON f.report_id = r.report_id AND f.measure = 'template_requests'
GROUP BY r.report_id, r.agency_id, r.year, r.file
ORDER BY r.agency_id, r.year
