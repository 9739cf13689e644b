-- Every agency with its names (each with the years it was seen in) and the years its reports cover.
SELECT a.agency_id, a.name, a.function, a.level, a.scope, a.region_code,
       a.first_year, a.last_year, a.n_reports,
       (SELECT string_agg(n.alias || CASE WHEN n.years = '' THEN '' ELSE ' (' || n.years || ')' END, '; '
                          ORDER BY n.first_seen NULLS LAST, n.alias)
        FROM (SELECT alias, min(year) AS first_seen,
                     coalesce(string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)), '') AS years
              FROM agency_aliases al WHERE al.agency_id = a.agency_id GROUP BY alias) n) AS aliases
FROM agencies a
ORDER BY a.agency_id
