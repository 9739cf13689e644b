-- An agency's panel rows, one per year, oldest first.
-- params: agency_id
SELECT * FROM panel WHERE agency_id = $agency_id ORDER BY year, report_id
