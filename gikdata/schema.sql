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
    unit        VARCHAR,              -- a unit of the place with bodies of its own (海坛 of 海坛片区管理局), NULL if none
    region_code VARCHAR,              -- 6-digit division code
    scope       VARCHAR,              -- own | whole_area
    first_year  INTEGER,
    last_year   INTEGER,
    n_reports   INTEGER
);

CREATE TABLE agency_aliases (
    agency_id  VARCHAR,
    alias      VARCHAR,              -- a name the agency goes by in one report
    report_id  VARCHAR,
    year       INTEGER,
    form       VARCHAR,              -- full | short | constructed | manifest | user
    function   VARCHAR,              -- the function the name itself says, before renames (work_safety)
    span_start INTEGER,              -- first place the name stands in reports.text; NULL if never written
    span_end   INTEGER
);

-- Bodies merged into another (data/lineage.csv, kind merge): each keeps its own series, linked here.
CREATE TABLE agency_lineage (
    agency_id         VARCHAR,       -- the merged body's agency
    successor_id      VARCHAR,       -- the agency its remit went to, in the same place
    old_function      VARCHAR,
    new_function      VARCHAR,
    year              INTEGER,       -- year of the change
    kind              VARCHAR,       -- merge
    place             VARCHAR,       -- the place the step is limited to (平潭综合实验区), NULL if general
    basis             VARCHAR,       -- the reform or the evidence the step rests on
    successor_present BOOLEAN        -- the corpus has the successor's reports
);

-- The user's merges, splits and renames (data/agencies.csv) and what each did on this ingest.
CREATE TABLE agency_rules (
    line      INTEGER,               -- line in data/agencies.csv
    action    VARCHAR,               -- merge | split | rename
    agency_id VARCHAR,
    target    VARCHAR,
    report    VARCHAR,
    name      VARCHAR,
    note      VARCHAR,
    who       VARCHAR,
    n_reports INTEGER,               -- reports the rule changed; 0 means its target no longer exists
    status    VARCHAR                -- applied | target_missing
);

-- A researcher's corrections (data/corrections.csv) and what each did on this ingest.
CREATE TABLE corrections (
    line      INTEGER,               -- line in data/corrections.csv
    report    VARCHAR,               -- report_id or file name as written
    report_id VARCHAR,               -- the report it matched, NULL if none
    measure   VARCHAR,
    dimension VARCHAR,
    subject   VARCHAR,
    value     DOUBLE,                -- the corrected value
    note      VARCHAR,
    who       VARCHAR,
    n_facts   INTEGER,               -- facts corrected; 0 means the target no longer exists
    status    VARCHAR                -- applied | target_missing | report_missing
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
    text      VARCHAR,                -- the original decoded text: every span points into it
    source    VARCHAR,                -- where the file came from (manifest.csv's source URL), NULL if not given
    remit     VARCHAR                 -- the body's remit as its name states it (function after renames only)
);

CREATE TABLE facts (
    fact_id     BIGINT,               -- report_id's first 11 hex digits x 65536 + position in the report
    report_id   VARCHAR,
    measure     VARCHAR,              -- proactive_total, proactive_category, proactive_category_share, ...
    dimension   VARCHAR,              -- channel, category, or channel/category; NULL for the report's total
    subject     VARCHAR,              -- NULL: the report's own body; else the other body the figure is about
    value       DOUBLE,               -- the value in use: the corrected one where a correction applies
    extracted_value DOUBLE,           -- the value the extractor read, whether corrected or not
    corrected_by    VARCHAR,          -- who decided the correction (data/corrections.csv); NULL if none
    correction_note VARCHAR,
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
    error   VARCHAR,                  -- the error's kind (EncodingError, BinaryFileError, DuplicateFileError, ...)
    message VARCHAR,
    level   VARCHAR                   -- error (not loaded) | info (a duplicate of a loaded file)
);

-- report_measures, panel, panel_changes (tables, made again at the end of every ingest) and the
-- coverage view are in panel.sql: load.py creates them once the facts are in; see docs/schema.md.

-- Category counts with their stated and computed shares of the total they belong to.
CREATE VIEW category_shares AS
WITH cats AS (
    SELECT *, CASE WHEN strpos(dimension, '/') > 0
                   THEN regexp_extract(dimension, '^(.*)/[^/]*$', 1) END AS total_dimension,
              regexp_extract(dimension, '([^/]*)$', 1) AS category
    FROM facts WHERE measure = 'proactive_category'
)
SELECT r.agency_id, r.year, c.report_id, c.subject, c.total_dimension, c.category,
       regexp_replace(c.category, '(栏目信息|类信息|栏目|类|信息)$', '') AS category_key,
       c.value AS count, s.value AS share, t.value AS total,
       round(100 * c.value / nullif(t.value, 0), 2) AS computed_share,
       c.fact_id
FROM cats c
JOIN reports r USING (report_id)
LEFT JOIN facts s ON s.report_id = c.report_id AND s.measure = 'proactive_category_share'
     AND s.dimension = c.dimension AND s.subject IS NOT DISTINCT FROM c.subject
LEFT JOIN facts t ON t.report_id = c.report_id AND t.measure = 'proactive_total'
     AND t.subject IS NOT DISTINCT FROM c.subject AND t.dimension IS NOT DISTINCT FROM c.total_dimension;
