-- Agencies of one region and function side by side: panel rows of every agency whose region code starts with region (3703 = all of Zibo) and whose function is function, by year.
-- params: region, function
SELECT p.year, p.agency_id, p.agency_name, a.county, a.zone, p.definitions, p.scope, p.proactive_total,
       p.requests_received, p.review_cases, p.litigation_cases, p.duplicate
FROM panel p JOIN agencies a USING (agency_id)
WHERE starts_with(a.region_code, $region) AND a.function = $function
ORDER BY p.year, p.agency_id
