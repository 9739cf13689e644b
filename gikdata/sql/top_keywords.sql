-- The top TF-IDF keywords of each agency and year (IDF from this corpus, not jieba's generic one).
-- params: agency_ids, top
-- agency_ids: a list of agency ids, or NULL for every agency.
SELECT k.agency_id, coalesce(a.name, a.short_name, k.agency_id) AS agency, k.year, k.rank, k.term,
       k.count, round(k.tfidf, 6) AS tfidf
FROM agency_keywords k
LEFT JOIN agencies a USING (agency_id)
WHERE k.rank <= $top
  AND ($agency_ids::VARCHAR[] IS NULL OR list_contains($agency_ids::VARCHAR[], k.agency_id))
ORDER BY k.agency_id, k.year, k.rank
