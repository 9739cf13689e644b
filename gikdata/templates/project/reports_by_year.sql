-- Reports per year and format, from a given year on (an example of a project's own query).
-- params: since
-- since: the first year to count, e.g. 2014
SELECT year, format, count(*) AS reports
FROM reports
WHERE year >= $since
GROUP BY year, format
ORDER BY year, format
