-- An agency's own category counts and shares per year (the report's main total only).
-- params: agency_id
SELECT year, report_id, category, count, share, total, computed_share
FROM category_shares
WHERE agency_id = $agency_id AND subject IS NULL AND total_dimension IS NULL AND year IS NOT NULL
ORDER BY year, fact_id
