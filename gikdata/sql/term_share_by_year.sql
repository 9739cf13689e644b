-- Per year and term: how many of the year's dated reports mention the term, and their share.
-- params: terms
WITH q AS (SELECT DISTINCT unnest($terms::VARCHAR[]) AS term),
vocab AS (  -- a report mentions a term when an indexed term contains it (检查 in 安全检查)
    SELECT q.term AS query_term, v.term FROM (SELECT DISTINCT term FROM tokens) v JOIN q ON contains(v.term, q.term)
),
years AS (
    SELECT r.year, count(*) AS n_reports FROM reports r JOIN token_docs USING (report_id)
    WHERE r.year IS NOT NULL GROUP BY r.year
), hits AS (
    SELECT r.year, vocab.query_term AS term, count(DISTINCT t.report_id) AS n_mentioning
    FROM tokens t JOIN vocab ON vocab.term = t.term JOIN reports r USING (report_id)
    WHERE r.year IS NOT NULL
    GROUP BY r.year, vocab.query_term
)
SELECT y.year, q.term, y.n_reports, coalesce(h.n_mentioning, 0) AS n_mentioning,
       coalesce(h.n_mentioning, 0) / y.n_reports AS share
FROM years y CROSS JOIN q
LEFT JOIN hits h ON h.year = y.year AND h.term = q.term
ORDER BY q.term, y.year
