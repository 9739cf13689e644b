"""Storage: extracted reports -> the DuckDB database (the loader is its only writer) and the queries over it."""
