-- Files that could not be read at ingest, with the error's kind and message (gik check lists them as errors).
SELECT file, error, message
FROM ingest_errors
ORDER BY file
