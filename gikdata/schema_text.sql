-- gikdata text tables (issue 6): terms per report section, sentences, document statistics, and
-- the keyword views over them. Written by load.write_database after schema.sql.
-- Terms come from gikdata/store/tokens.py: jieba with the domain dictionary, stopwords removed,
-- single characters and numbers not indexed.

CREATE TABLE tokens (
    report_id  VARCHAR,
    section_no INTEGER,               -- 0: text before the first top-level heading; then 1, 2, ...
    section    VARCHAR,               -- the top-level heading (一、概述); '' for section 0
    term       VARCHAR,               -- one segmented term (危化品, 政府信息公开)
    count      INTEGER                -- occurrences of the term in the section
);

CREATE TABLE sentences (
    report_id   VARCHAR,
    sentence_no INTEGER,
    section_no  INTEGER,
    span_start  INTEGER,              -- the sentence [span_start, span_end) in reports.text
    span_end    INTEGER,
    text        VARCHAR               -- the sentence as normalised (line wraps rejoined)
);

CREATE TABLE token_docs (
    report_id   VARCHAR PRIMARY KEY,  -- document statistics, one row per report
    n_tokens    INTEGER,              -- indexed terms, counted with repeats: BM25's document length
    n_terms     INTEGER,              -- distinct indexed terms
    n_sections  INTEGER,
    n_sentences INTEGER,
    dictionary  VARCHAR               -- version of the dictionary and stopwords used
);

-- Term counts per report (sections summed).
CREATE VIEW report_terms AS
SELECT report_id, term, sum(count)::INTEGER AS count
FROM tokens GROUP BY report_id, term;

-- Document frequency and IDF of each term over the corpus itself: idf = ln(N / df) (0 for a term
-- in every report, as it says nothing about one); bm25_idf = ln(1 + (N - df + 0.5) / (df + 0.5)).
CREATE VIEW term_idf AS
WITH n AS (SELECT count(*) AS n_docs FROM token_docs)
SELECT t.term, count(*) AS df, n.n_docs,
       ln(n.n_docs / count(*)) AS idf,
       ln(1 + (n.n_docs - count(*) + 0.5) / (count(*) + 0.5)) AS bm25_idf
FROM report_terms t CROSS JOIN n
GROUP BY t.term, n.n_docs;

-- TF-IDF per report: tf = count / n_tokens; rank 1 is the report's most distinctive term.
CREATE VIEW keywords AS
SELECT r.report_id, r.agency_id, r.year, t.term, t.count,
       t.count / d.n_tokens AS tf, i.df, i.idf,
       t.count / d.n_tokens * i.idf AS tfidf,
       row_number() OVER (PARTITION BY r.report_id ORDER BY t.count / d.n_tokens * i.idf DESC, t.term) AS rank
FROM report_terms t
JOIN token_docs d USING (report_id)
JOIN term_idf i USING (term)
JOIN reports r USING (report_id);

-- TF-IDF per agency and year: counts pooled over the agency-year's reports, IDF over reports.
CREATE VIEW agency_keywords AS
WITH pooled AS (
    SELECT r.agency_id, r.year, t.term, sum(t.count) AS count
    FROM report_terms t JOIN reports r USING (report_id)
    GROUP BY r.agency_id, r.year, t.term
), lengths AS (
    SELECT agency_id, year, sum(count) AS n_tokens FROM pooled GROUP BY agency_id, year
)
SELECT p.agency_id, p.year, p.term, p.count, p.count / l.n_tokens AS tf, i.df, i.idf,
       p.count / l.n_tokens * i.idf AS tfidf,
       row_number() OVER (PARTITION BY p.agency_id, p.year
                          ORDER BY p.count / l.n_tokens * i.idf DESC, p.term) AS rank
FROM pooled p
JOIN lengths l ON l.agency_id = p.agency_id AND l.year IS NOT DISTINCT FROM p.year
JOIN term_idf i USING (term);
