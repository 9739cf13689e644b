-- Facts by id, with the agency, year, evidence sentence and file (evidence tables of comparisons).
-- params: fact_ids
SELECT f.fact_id, coalesce(a.name, a.short_name, r.agency_id) AS name, r.year, f.measure, f.value,
       f.approx, f.evidence, r.file, r.report_id, f.value_start
FROM facts f JOIN reports r USING (report_id) JOIN agencies a USING (agency_id)
WHERE list_contains($fact_ids, f.fact_id)
ORDER BY name, r.year, f.fact_id
