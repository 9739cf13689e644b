-- Data-quality findings by kind: level, code, how many, in how many reports, one example.
SELECT level, code, count(*) AS n_findings, count(DISTINCT report_id) AS n_reports,
       any_value(message) AS example
FROM flags
GROUP BY level, code
ORDER BY CASE level WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, n_findings DESC, code
