-- Agencies in a region (any of province, city, county, zone or region code contains it; NULL: all)
-- with a function (NULL: any), for comparisons.
-- params: region, function
SELECT agency_id, name, short_name, function, province, city, county, zone, region_code
FROM agencies
WHERE ($region IS NULL OR contains(coalesce(province, ''), $region) OR contains(coalesce(city, ''), $region)
       OR contains(coalesce(county, ''), $region) OR contains(coalesce(zone, ''), $region)
       OR starts_with(coalesce(region_code, ''), $region))
  AND ($function IS NULL OR function = $function)
  AND first_year IS NOT NULL
ORDER BY agency_id
