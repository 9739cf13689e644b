-- What the database holds, in one row.
SELECT (SELECT count(*) FROM reports) AS n_reports,
       (SELECT count(*) FROM reports WHERE year IS NULL) AS n_undated,
       (SELECT count(*) FROM agencies) AS n_agencies,
       (SELECT count(*) FROM facts) AS n_facts,
       (SELECT count(*) FROM flags) AS n_flags,
       (SELECT count(*) FROM ingest_errors WHERE level = 'error') AS n_ingest_errors
