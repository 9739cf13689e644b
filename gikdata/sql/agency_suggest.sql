-- Likely duplicate agencies, with the reason: same region and function under two ids, the same full name under two ids (an ambiguous place: 朝阳区 is in Beijing and Changchun), an unplaced body of a placed body's kind, or similar names in one region. Levels are never mixed: a city body is never paired with a district or zone body (a zone shares its parent's region_code), nor a whole government (人民政府, 管委会) with a department.
WITH a0 AS (
    SELECT *, coalesce(level, '?') AS lvl, coalesce(zone, '') || '/' || coalesce(unit, '') AS zn, function = 'government' AS gov FROM agencies
),
names AS (
    SELECT DISTINCT a.agency_id, a.region_code, a.lvl, a.zn, a.gov, a.function, a.short_name,
           coalesce(al.alias, a.name) AS name,
           -- the body's own words: a shared place (平潭综合实验区) makes every pair look alike
           regexp_replace(coalesce(al.alias, a.name), '^.*(省|市|县|区|旗)', '') AS body
    FROM a0 a LEFT JOIN agency_aliases al USING (agency_id)
),
pairs AS (
    SELECT a.agency_id AS agency_id, b.agency_id AS other_id,
           'same region ' || a.region_code || ' and function ' || a.function AS reason, 1.0 AS score
    FROM a0 a JOIN a0 b ON a.region_code = b.region_code AND a.function = b.function
         AND a.lvl = b.lvl AND a.zn = b.zn AND a.agency_id < b.agency_id
    UNION ALL
    SELECT a.agency_id, b.agency_id, 'same name ' || a.alias, 0.9
    FROM agency_aliases a JOIN agency_aliases b ON a.alias = b.alias AND a.agency_id < b.agency_id
         AND a.form = 'full' AND b.form = 'full'
    JOIN a0 x ON x.agency_id = a.agency_id JOIN a0 y ON y.agency_id = b.agency_id
    WHERE x.lvl = y.lvl AND x.gov = y.gov
    UNION ALL
    SELECT a.agency_id, b.agency_id,
           'unplaced ' || a.short_name || ' has the function of ' || b.agency_id || ' (' || b.short_name || ')', 0.5
    FROM a0 a JOIN a0 b ON a.region_code IS NULL AND b.region_code IS NOT NULL
         AND a.function = b.function AND right(a.short_name, 3) = right(b.short_name, 3) AND a.lvl = b.lvl
    UNION ALL
    SELECT a.agency_id, b.agency_id,
           'similar names ' || a.name || ' / ' || b.name || ' in region ' || a.region_code,
           round(jaro_winkler_similarity(a.body, b.body), 2)
    FROM names a JOIN names b ON a.region_code = b.region_code AND a.agency_id < b.agency_id
         AND a.lvl = b.lvl AND a.zn = b.zn AND a.gov = b.gov
         AND a.function != b.function AND jaro_winkler_similarity(a.body, b.body) >= 0.9
)
SELECT agency_id, other_id, arg_max(reason, score) AS reason, max(score) AS score
FROM pairs
GROUP BY agency_id, other_id
ORDER BY score DESC, agency_id, other_id
