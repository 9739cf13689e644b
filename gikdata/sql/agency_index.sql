-- One agency's measure as an index to a chosen base year (base year = 100), with changes and series breaks.
-- params: agency_id, measure, base_year
SELECT c.year, c.value, c.approx, c.change, c.change_pct,
       round(100 * c.value / nullif(b.value, 0), 2) AS index_to_base,
       c.series_break, c.break_reason, c.gap
FROM panel_changes c
LEFT JOIN panel_changes b ON b.agency_id = c.agency_id AND b.measure = c.measure AND b.year = $base_year
WHERE c.agency_id = $agency_id AND c.measure = $measure
ORDER BY c.year
