-- The reports briefs link to (every dated or undated report of an agency in the database), with
-- their agency and the hash that says whether a review page is still current.
SELECT report_id, agency_id, sha256 FROM reports ORDER BY report_id
