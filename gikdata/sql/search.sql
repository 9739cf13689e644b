-- Reports ranked by BM25 (k1 = 1.2, b = 0.75) over the tokens table, with the best matching sentence (terms in 【】).
-- params: terms, n
-- terms: a list of terms segmented like the reports (gikdata.search.query_terms does that).
-- n: how many reports to return (the best first); sentences are looked at for those only.
-- score = sum over query terms t in the report of
--         bm25_idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * n_tokens / avg n_tokens))
-- A query term matches every indexed term that contains it (检查 matches 检查, 安全检查, 监督检查):
-- tf is the summed count of those terms in the report, df the reports holding any of them.
-- The best sentence is the one holding the most query-term weight (sum of bm25_idf), first wins ties.
WITH q AS (
    SELECT DISTINCT unnest($terms::VARCHAR[]) AS term
), stats AS (
    SELECT count(*) AS n_docs, avg(n_tokens) AS avgdl FROM token_docs
), vocab AS (  -- term_idf holds each indexed term once (a table, made at ingest)
    SELECT q.term AS query_term, v.term
    FROM term_idf v JOIN q ON contains(v.term, q.term)
), tf AS (
    SELECT t.report_id, vocab.query_term AS term, sum(t.count) AS tf
    FROM tokens t JOIN vocab ON vocab.term = t.term
    GROUP BY t.report_id, vocab.query_term
), df AS (
    SELECT term, count(*) AS df FROM tf GROUP BY term
), weights AS (
    SELECT df.term, ln(1 + (s.n_docs - df.df + 0.5) / (df.df + 0.5)) AS idf FROM df CROSS JOIN stats s
), scored AS (
    SELECT tf.report_id,
           sum(w.idf * tf.tf * (1.2 + 1)
               / (tf.tf + 1.2 * (1 - 0.75 + 0.75 * d.n_tokens / s.avgdl))) AS score,
           list(tf.term ORDER BY tf.term) AS matched
    FROM tf JOIN weights w USING (term) JOIN token_docs d USING (report_id) CROSS JOIN stats s
    GROUP BY tf.report_id
), top AS (
    SELECT * FROM scored ORDER BY score DESC, report_id LIMIT $n
), sentence_hits AS (
    SELECT se.report_id, se.sentence_no, se.span_start, se.span_end, se.text,
           sum(w.idf) AS weight, list(w.term ORDER BY length(w.term) DESC, w.term) AS found
    FROM sentences se
    JOIN top sc USING (report_id)
    JOIN weights w ON contains(se.text, w.term)
    GROUP BY ALL
), best AS (
    SELECT * FROM sentence_hits
    QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY weight DESC, sentence_no) = 1
)
SELECT sc.report_id, r.file, r.agency_id, coalesce(a.name, a.short_name) AS agency, r.year,
       round(sc.score, 6) AS score, sc.matched,
       b.span_start, b.span_end,
       -- one pass, longest term first, terms quoted literally (\Q...\E): 安全检查 is marked once
       regexp_replace(b.text, (SELECT string_agg('\Q' || t || '\E', '|' ORDER BY length(t) DESC, t)
                               FROM unnest(b.found) AS f(t)), '【\0】', 'g') AS sentence
FROM top sc
JOIN reports r USING (report_id)
LEFT JOIN agencies a USING (agency_id)
LEFT JOIN best b USING (report_id)
ORDER BY sc.score DESC, sc.report_id
