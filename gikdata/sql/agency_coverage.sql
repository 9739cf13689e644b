-- The years an agency has a report for and the years it is missing, over the corpus's years.
-- params: agency_id
SELECT year, present, n_reports, within_span FROM coverage WHERE agency_id = $agency_id ORDER BY year
