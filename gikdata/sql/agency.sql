-- One agency: names, region, years covered.
-- params: agency_id
SELECT * FROM agencies WHERE agency_id = $agency_id
