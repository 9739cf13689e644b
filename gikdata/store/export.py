"""Exports for researchers: a table or view of the database as Parquet, CSV, Excel or Stata, with
a data dictionary (each column's Chinese and English label and its unit) written beside it.

- Parquet and CSV are written by DuckDB's own ``COPY`` (the file name bound as a parameter; the
  relation name is one of ``EXPORTS``, never the user's text). Parquet reads in R's arrow
  (``arrow::read_parquet``), DuckDB and pandas; CSV is UTF-8 with a header.
- Excel: one sheet per relation and a ``dictionary`` sheet (openpyxl).
- Stata: ``.dta`` version 118 (Unicode), the dictionary's labels as variable labels.

Every format has the same columns: list columns (``panel.other_reports``) are joined by ``;``
and, for Stata, booleans are 0/1. The labels come from ``gikdata/data/columns.csv`` (the columns'
meanings are those of docs/schema.md) and, for the panel's measure columns, from
``gikdata/data/measures.csv`` (the one table of measure labels the briefs use too).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from ..config import PACKAGE_DATA_DIR
from ..errors import GikError

#: What can be exported (tables and views of the database), in the order ``gik export`` lists them.
EXPORTS = ("panel", "facts", "reports", "agencies", "flags", "category_shares", "panel_changes",
           "agency_aliases", "coverage")
#: The default set: the relations a researcher starts from.
DEFAULT_EXPORTS = ("panel", "facts", "reports", "agencies", "flags", "category_shares")
FORMATS = {"parquet": ".parquet", "csv": ".csv", "xlsx": ".xlsx", "dta": ".dta"}
LIST_SEPARATOR = ";"
DICTIONARY_COLUMNS = ("relation", "column", "type", "label_zh", "label_en", "unit", "stata_name")
#: Stata's limits (format 118): variable names of 32 characters, labels of 80; strL past 2045 bytes.
STATA_NAME, STATA_LABEL, STATA_STR = 32, 80, 2045
#: Words Stata keeps for itself (Stata's [U] 11.3 and Mata's, as pandas' StataWriter lists them).
STATA_RESERVED = frozenset({
    "aggregate", "array", "boolean", "break", "byte", "case", "catch", "class", "colvector",
    "complex", "const", "continue", "default", "delegate", "delete", "do", "double", "else",
    "eltypedef", "end", "enum", "explicit", "export", "external", "float", "for", "friend",
    "function", "global", "goto", "if", "inline", "int", "local", "long", "NULL", "pragma",
    "protected", "quad", "rowvector", "short", "typedef", "typename", "virtual", "_all", "_N",
    "_skip", "_b", "_pi", "str#", "in", "_pred", "strL", "_coef", "_rc", "using", "_cons", "_se",
    "with", "_n"
})
#: Excel's limits: characters in a cell, rows in a sheet.
EXCEL_CELL, EXCEL_ROWS = 32767, 1_048_576


@dataclass(frozen=True)
class Column:
    """One column of an exported relation, as the dictionary describes it."""

    relation: str
    name: str
    type: str
    label_zh: str
    label_en: str
    unit: str
    stata_name: str

    def label(self, limit: int | None = None) -> str:
        """'年度 Year reported on [年]': the label a statistics package shows."""
        text = f"{self.label_zh} {self.label_en}" + (f" [{self.unit}]" if self.unit else "")
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def relation_name(text: str) -> str:
    """A relation of ``EXPORTS`` from what a user typed (``category-shares`` too)."""
    name = text.strip().lower().replace("-", "_")
    if name not in EXPORTS:
        raise GikError(f"cannot export {text!r}; tables and views: {', '.join(EXPORTS)}")
    return name


@cache
def _column_labels() -> dict[tuple[str, str], dict[str, str]]:
    with (PACKAGE_DATA_DIR / "columns.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["relation"], r["column"]): r for r in csv.DictReader(fh)}


@cache
def _measure_labels() -> dict[str, dict[str, str]]:
    path = PACKAGE_DATA_DIR / "measures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["measure"]: r for r in csv.DictReader(fh)}


def _labels(relation: str, column: str) -> tuple[str, str, str]:
    """(label_zh, label_en, unit) of a column: its own row, the row shared by every relation,
    else a measure of the panel (``<measure>`` and ``<measure>_approx``)."""
    table = _column_labels()
    row = table.get((relation, column)) or table.get(("*", column))
    if row:
        return row["label_zh"], row["label_en"], row["unit"]
    measures = _measure_labels()
    if column in measures:
        m = measures[column]
        return m["label_zh"], m["label_en"], m["unit"]
    if column.endswith("_approx") and column[: -len("_approx")] in measures:
        m = measures[column[: -len("_approx")]]
        return f"{m['label_zh']}（约数）", f"{m['label_en']}: a lower bound", ""
    return column, column, ""  # a column added to the schema without a label: shown as it is


def _stata_names(names: list[str]) -> list[str]:
    """Stata variable names: at most 32 characters of [A-Za-z0-9_], unique."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"\W", "_", name, flags=re.ASCII)[:STATA_NAME]
        if not re.match(r"[A-Za-z_]", base) or base in STATA_RESERVED:
            base = f"_{base}"[:STATA_NAME]
        candidate, n = base, 1
        while candidate in out:
            n += 1
            candidate = f"{base[: STATA_NAME - len(str(n)) - 1]}_{n}"
        out.append(candidate)
    return out


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[Column]:
    """The dictionary of one relation: every column with its type, labels and unit."""
    described = con.sql(f'DESCRIBE "{relation_name(relation)}"').fetchall()
    names = [r[0] for r in described]
    out = []
    for (name, dtype, *_), stata in zip(described, _stata_names(names), strict=True):
        zh, en, unit = _labels(relation, name)
        if dtype.endswith("[]"):
            en += f" (joined by {LIST_SEPARATOR})"
        elif dtype == "BOOLEAN":
            en += " (true/false; 1/0 in Stata)"
        out.append(Column(relation, name, dtype, zh, en, unit, stata))
    return out


def _select(relation: str, cols: list[Column], booleans_as_int: bool) -> str:
    """SELECT over the relation with list columns joined (and booleans as 0/1 for Stata).
    Names come from DESCRIBE, quoted; nothing of the user's reaches the SQL."""
    parts = []
    for c in cols:
        q = '"' + c.name.replace('"', '""') + '"'
        if c.type.endswith("[]"):
            parts.append(f"array_to_string({q}, '{LIST_SEPARATOR}') AS {q}")
        elif booleans_as_int and c.type == "BOOLEAN":
            parts.append(f"CAST({q} AS TINYINT) AS {q}")
        else:
            parts.append(q)
    return f'SELECT {", ".join(parts)} FROM "{relation}"'


@dataclass
class ExportResult:
    files: list[Path]
    dictionary: Path
    rows: dict[str, int]


def export(con: duckdb.DuckDBPyConnection, relations: list[str], fmt: str, out: Path) -> ExportResult:
    """Write ``relations`` in ``fmt`` to ``out`` and the dictionary beside it.

    ``out`` is a file when the format holds them all (xlsx) or there is one relation; otherwise a
    folder with one ``RELATION.EXT`` per relation. The dictionary is ``<stem>.dictionary.csv``
    beside the file (``dictionary.csv`` in the folder).
    """
    if fmt not in FORMATS:
        raise GikError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    relations = list(dict.fromkeys(relation_name(r) for r in relations))
    described = {r: columns(con, r) for r in relations}
    single = fmt == "xlsx" or len(relations) == 1
    if single:
        target = out if out.suffix.lower() == FORMATS[fmt] else out / f"{_stem(relations)}{FORMATS[fmt]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        dictionary = target.with_name(f"{target.stem}.dictionary.csv")
    else:
        if out.suffix:
            raise GikError(f"{out}: give a folder for {len(relations)} tables in {fmt} (one file each)")
        out.mkdir(parents=True, exist_ok=True)
        dictionary = out / "dictionary.csv"
    rows: dict[str, int] = {}
    if fmt == "xlsx":
        rows = _write_xlsx(con, described, target)
        files = [target]
    else:
        files = []
        for r, cols in described.items():
            path = target if single else out / f"{r}{FORMATS[fmt]}"
            rows[r] = (_write_dta if fmt == "dta" else _copy)(con, r, cols, path, fmt)
            files.append(path)
    write_dictionary([c for cols in described.values() for c in cols], dictionary)
    return ExportResult(files, dictionary, rows)


def _stem(relations: list[str]) -> str:
    return relations[0] if len(relations) == 1 else "gikdata"


def _copy(con: duckdb.DuckDBPyConnection, relation: str, cols: list[Column], path: Path, fmt: str) -> int:
    """Parquet or CSV by DuckDB's COPY, the file name bound as a parameter."""
    options = "FORMAT parquet, COMPRESSION snappy" if fmt == "parquet" else "FORMAT csv, HEADER true"
    tmp = path.with_name(f".{path.name}.tmp")
    written = con.execute(f"COPY ({_select(relation, cols, booleans_as_int=False)}) TO $path ({options})",
                          {"path": str(tmp)}).fetchall()
    tmp.replace(path)
    return int(written[0][0])


def _frame(con: duckdb.DuckDBPyConnection, relation: str, cols: list[Column], booleans_as_int: bool):
    return con.sql(_select(relation, cols, booleans_as_int)).df()


def _write_dta(con: duckdb.DuckDBPyConnection, relation: str, cols: list[Column], path: Path, fmt: str) -> int:
    """Stata 118 (Unicode): Stata names, the dictionary's labels as variable labels, strL for
    long text (reports.text)."""
    import pandas as pd

    df = _frame(con, relation, cols, booleans_as_int=True)
    df.columns = [c.stata_name for c in cols]
    strl = []
    for c in cols:
        s = df[c.stata_name]
        if pd.api.types.is_string_dtype(s) or s.dtype == object:
            df[c.stata_name] = s.astype(object).where(s.notna(), "")  # Stata has no missing string
            if max(map(len_utf8, df[c.stata_name]), default=0) > STATA_STR:
                strl.append(c.stata_name)
        elif isinstance(s.dtype, pd.BooleanDtype) or str(s.dtype) in ("Int8", "Int16", "Int32", "Int64"):
            df[c.stata_name] = s.astype("float64")  # nullable integers: Stata's missing value
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_stata(tmp, write_index=False, version=118, convert_strl=strl,
                variable_labels={c.stata_name: c.label(STATA_LABEL) for c in cols},
                data_label=f"gikdata {relation}"[:STATA_LABEL])
    tmp.replace(path)
    return len(df)


def len_utf8(v: object) -> int:
    return len(str(v).encode("utf-8"))


def _write_xlsx(con: duckdb.DuckDBPyConnection, described: dict[str, list[Column]], path: Path) -> dict[str, int]:
    """One sheet per relation and the dictionary as the last sheet; a cell longer than Excel
    holds is cut and says so."""
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(v: object) -> object:
        if not isinstance(v, str):
            return v
        v = ILLEGAL_CHARACTERS_RE.sub("", v)
        return v if len(v) <= EXCEL_CELL else v[: EXCEL_CELL - 20] + "…[cut: Excel limit]"

    rows = {}
    tmp = path.with_name(f".{path.name}.tmp")
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for relation, cols in described.items():
            df = _frame(con, relation, cols, booleans_as_int=False)
            if len(df) >= EXCEL_ROWS:
                raise GikError(f"{relation}: {len(df)} rows do not fit an Excel sheet; export it as parquet or csv")
            df = df.astype(object).where(df.notna(), None).map(cell)
            df.to_excel(writer, sheet_name=relation, index=False)
            rows[relation] = len(df)
        _dictionary_frame([c for cols in described.values() for c in cols]).to_excel(
            writer, sheet_name="dictionary", index=False)
    tmp.replace(path)
    return rows


def _dictionary_frame(cols: list[Column]):
    import pandas as pd

    return pd.DataFrame([[getattr(c, "name" if k == "column" else k) for k in DICTIONARY_COLUMNS] for c in cols],
                        columns=list(DICTIONARY_COLUMNS))


def write_dictionary(cols: list[Column], path: Path) -> Path:
    """The data dictionary as CSV (UTF-8 with a BOM, so Excel shows the Chinese labels)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(DICTIONARY_COLUMNS)
        w.writerows([getattr(c, "name" if k == "column" else k) for k in DICTIONARY_COLUMNS] for c in cols)
    return path
