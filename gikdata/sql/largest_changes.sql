-- The largest year-over-year changes of one measure across all agencies, biggest absolute change first, with series breaks marked.
-- params: measure, n
SELECT agency_id, year, prev_year, prev_value, value, change, change_pct, series_break, break_reason
FROM panel_changes
WHERE measure = $measure AND change IS NOT NULL
ORDER BY abs(change) DESC, agency_id, year
LIMIT $n
