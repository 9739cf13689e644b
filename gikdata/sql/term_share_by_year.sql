-- Per year and term: how many of the year's dated reports mention the term, and their share.
-- params: terms
WITH q AS (SELECT DISTINCT unnest($terms::VARCHAR[]) AS term),
years AS (
    SELECT r.year, count(*) AS n_reports FROM reports r JOIN token_docs USING (report_id)
    WHERE r.year IS NOT NULL GROUP BY r.year
), hits AS (
    SELECT r.year, t.term, count(DISTINCT t.report_id) AS n_mentioning
    FROM tokens t JOIN reports r USING (report_id)
    WHERE r.year IS NOT NULL AND t.term IN (SELECT term FROM q)
    GROUP BY r.year, t.term
)
SELECT y.year, q.term, y.n_reports, coalesce(h.n_mentioning, 0) AS n_mentioning,
       coalesce(h.n_mentioning, 0) / y.n_reports AS share
FROM years y CROSS JOIN q
LEFT JOIN hits h ON h.year = y.year AND h.term = q.term
ORDER BY q.term, y.year
