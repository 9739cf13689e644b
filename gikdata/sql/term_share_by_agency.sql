-- Per agency, year and term: how many of the agency's reports that year mention the term, and their share.
-- params: terms, agency_ids
-- agency_ids: a list of agency ids, or NULL for every agency. Undated reports are left out.
WITH q AS (SELECT DISTINCT unnest($terms::VARCHAR[]) AS term),
vocab AS (  -- a report mentions a term when an indexed term contains it (检查 in 安全检查)
    SELECT q.term AS query_term, v.term FROM (SELECT DISTINCT term FROM tokens) v JOIN q ON contains(v.term, q.term)
),
docs AS (
    SELECT r.report_id, r.agency_id, r.year FROM reports r JOIN token_docs USING (report_id)
    WHERE r.year IS NOT NULL
      AND ($agency_ids::VARCHAR[] IS NULL OR list_contains($agency_ids::VARCHAR[], r.agency_id))
), per AS (
    SELECT agency_id, year, count(*) AS n_reports FROM docs GROUP BY agency_id, year
), hits AS (
    SELECT d.agency_id, d.year, vocab.query_term AS term, count(DISTINCT t.report_id) AS n_mentioning
    FROM tokens t JOIN vocab ON vocab.term = t.term JOIN docs d USING (report_id)
    GROUP BY d.agency_id, d.year, vocab.query_term
)
SELECT p.agency_id, coalesce(a.name, a.short_name, p.agency_id) AS agency, p.year, q.term,
       p.n_reports, coalesce(h.n_mentioning, 0) AS n_mentioning,
       coalesce(h.n_mentioning, 0) / p.n_reports AS share
FROM per p CROSS JOIN q
LEFT JOIN agencies a USING (agency_id)
LEFT JOIN hits h ON h.agency_id = p.agency_id AND h.year = p.year AND h.term = q.term
ORDER BY p.agency_id, q.term, p.year
