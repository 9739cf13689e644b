-- Agencies whose id, name or an alias matches: exact matches first, then containing ones.
-- params: q
SELECT a.agency_id, a.name,
       min(CASE WHEN a.agency_id = $q OR a.name = $q OR al.alias = $q THEN 0 ELSE 1 END) AS rank
FROM agencies a
LEFT JOIN agency_aliases al USING (agency_id)
WHERE a.agency_id = $q OR contains(a.name, $q) OR contains(al.alias, $q) OR contains(a.short_name, $q)
GROUP BY a.agency_id, a.name
ORDER BY rank, a.agency_id
