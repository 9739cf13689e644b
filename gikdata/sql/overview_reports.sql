-- Reports per year and format (year NULL: the report states none).
SELECT year, format, count(*) AS n_reports
FROM reports
GROUP BY year, format
ORDER BY year NULLS LAST, format
