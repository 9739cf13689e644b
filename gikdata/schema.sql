-- gikdata database schema. The long `facts` table is the source of truth; wide tables are views.
-- Documented column by column in docs/schema.md (checked against this file by tests/test_schema_docs.py).

CREATE TABLE agencies (
    agency_id   VARCHAR PRIMARY KEY,  -- region code + canonical function, e.g. 370303-emergency_management
    name        VARCHAR,              -- full name from the newest report that gives one
    short_name  VARCHAR,              -- short form used in the body (区安监局)
    function    VARCHAR,              -- canonical function after renames (emergency_management)
    level       VARCHAR,              -- province | city | county | township | zone
    province    VARCHAR,
    city        VARCHAR,
    county      VARCHAR,
    zone        VARCHAR,              -- special zone name (江北水城旅游度假区), its division in region_code
    region_code VARCHAR,              -- 6-digit division code
    scope       VARCHAR,              -- own | whole_area
    first_year  INTEGER,
    last_year   INTEGER,
    n_reports   INTEGER
);

CREATE TABLE agency_aliases (
    agency_id VARCHAR,
    alias     VARCHAR,               -- a name the agency goes by in one report
    report_id VARCHAR,
    year      INTEGER
);

CREATE TABLE reports (
    report_id VARCHAR PRIMARY KEY,    -- first 16 hex digits of the file's SHA-256
    file      VARCHAR,                -- path as ingested
    sha256    VARCHAR,
    encoding  VARCHAR,                -- utf-8 | utf-8-sig | utf-16 | gb18030; html/<encoding> | docx | pdf
    agency_id VARCHAR,
    year      INTEGER,                -- NULL when the report states none and no override gives it
    format    VARCHAR,                -- freeform | template
    scope     VARCHAR,                -- own | whole_area
    title     VARCHAR,
    overrides VARCHAR,                -- metadata taken from manifest.csv, comma-separated (year,region,agency)
    n_chars   INTEGER,
    text      VARCHAR                 -- the original decoded text: every span points into it
);

CREATE TABLE facts (
    fact_id     INTEGER,
    report_id   VARCHAR,
    measure     VARCHAR,              -- proactive_total, proactive_category, proactive_category_share, ...
    dimension   VARCHAR,              -- channel, category, or channel/category; NULL for the report's total
    subject     VARCHAR,              -- NULL: the report's own body; else the other body the figure is about
    value       DOUBLE,
    unit        VARCHAR,              -- 条 | 件 | % | 元 | 万元 | 人 | 次 | 个 (unstated: a template amount without unit)
    approx      BOOLEAN,              -- 1500余: a lower bound, not an exact count
    span_start  INTEGER,              -- evidence sentence [span_start, span_end) in reports.text
    span_end    INTEGER,
    value_start INTEGER,              -- the number itself in reports.text
    value_end   INTEGER,
    evidence    VARCHAR,              -- = substring of reports.text over the span
    rule        VARCHAR               -- the extraction rule that found it
);

CREATE TABLE flags (
    report_id  VARCHAR,
    level      VARCHAR,               -- error | warning | info
    code       VARCHAR,               -- year_unknown, category_sum_mismatch, share_mismatch, ...
    message    VARCHAR,
    span_start INTEGER,
    span_end   INTEGER
);

CREATE TABLE ingest_errors (
    file    VARCHAR,
    error   VARCHAR,                  -- the error's kind (EncodingError, BinaryFileError, ...)
    message VARCHAR
);

-- The value a report states for itself, per measure; NULL when its statements disagree.
CREATE VIEW report_measures AS
SELECT report_id, measure,
       CASE WHEN count(DISTINCT value) = 1 THEN any_value(value) END AS value,
       bool_or(approx) AS approx,
       count(*) AS n_statements
FROM facts
WHERE subject IS NULL AND dimension IS NULL
GROUP BY report_id, measure;

-- One row per agency and year (per report; a second report for one agency-year is a second row).
CREATE VIEW panel AS
SELECT r.agency_id,
       a.name AS agency_name,
       r.year,
       r.report_id,
       r.format,
       r.scope,
       max(m.value) FILTER (WHERE m.measure = 'proactive_total')     AS proactive_total,
       bool_or(m.approx) FILTER (WHERE m.measure = 'proactive_total') AS proactive_total_approx,
       max(m.value) FILTER (WHERE m.measure = 'electronic_rate')     AS electronic_rate,
       max(m.value) FILTER (WHERE m.measure = 'requests_received')   AS requests_received,
       max(m.value) FILTER (WHERE m.measure = 'review_cases')        AS review_cases,
       max(m.value) FILTER (WHERE m.measure = 'litigation_cases')    AS litigation_cases,
       max(m.value) FILTER (WHERE m.measure = 'fees_collected')      AS fees_collected
FROM reports r
JOIN agencies a USING (agency_id)
LEFT JOIN report_measures m USING (report_id)
WHERE r.year IS NOT NULL
GROUP BY r.agency_id, a.name, r.year, r.report_id, r.format, r.scope;

-- Category counts with their stated and computed shares of the total they belong to.
CREATE VIEW category_shares AS
WITH cats AS (
    SELECT *, CASE WHEN strpos(dimension, '/') > 0
                   THEN regexp_extract(dimension, '^(.*)/[^/]*$', 1) END AS total_dimension,
              regexp_extract(dimension, '([^/]*)$', 1) AS category
    FROM facts WHERE measure = 'proactive_category'
)
SELECT r.agency_id, r.year, c.report_id, c.subject, c.total_dimension, c.category,
       c.value AS count, s.value AS share, t.value AS total,
       round(100 * c.value / nullif(t.value, 0), 2) AS computed_share,
       c.fact_id
FROM cats c
JOIN reports r USING (report_id)
LEFT JOIN facts s ON s.report_id = c.report_id AND s.measure = 'proactive_category_share'
     AND s.dimension = c.dimension AND s.subject IS NOT DISTINCT FROM c.subject
LEFT JOIN facts t ON t.report_id = c.report_id AND t.measure = 'proactive_total'
     AND t.subject IS NOT DISTINCT FROM c.subject AND t.dimension IS NOT DISTINCT FROM c.total_dimension;
