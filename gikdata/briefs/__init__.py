"""Briefs: query results -> charts, tables, review pages and the HTML briefs rendered from notebooks."""
