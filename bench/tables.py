"""Benchmark: template tables on hostile input, and on whole pages.

The table reader must stay linear: a crawler can save a page whose table is one long run of
digits, and the splitter must refuse it by its length, not search it. Targets (exit 1 when
missed): a page whose request and review rows are each a 60 KB digit line is normalised and
its tables read in under 1 s (the table stage only: the prose rules are measured elsewhere); the worst row the step budget admits (a 40-digit request row) is given up in under
1 s; a whole one-line template page (0016 of the real corpus, copied into the text below)
parses its three tables in under 50 ms.

    .venv/bin/python bench/tables.py
"""

from __future__ import annotations

import sys
import time

from gikdata.extract.splits import readings
from gikdata.extract.tables import parse_tables
from gikdata.read.normalise import normalise

LONG = "1" * 60_000
PAGE = ("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1024第二十条第（五）项信息内容"
        "本年处理决定数量行政许可0三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
        "法律服务机构其他一、本年新收政府信息公开申请数量2100000 21 二、上年结转政府信息公开申请数量000000 0 三、本年度办理结果"
        "（一）予以公开100000010（七）总计210000021四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议"
        "行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持"
        "结果纠正其他结果尚未审结总计315090000000000五、存在的主要问题")
HOSTILE = PAGE.replace("2100000 21", LONG).replace("315090000000000", LONG)


def timed(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    rows = [
        ("page with two 60 KB digit rows: normalise + tables", timed(lambda: parse_tables(normalise(HOSTILE))), 1.0),
        ("40-digit request row, step budget exhausted", timed(lambda: readings(["1" * 40], 7, (7,))), 1.0),
        ("one-line template page, three tables", min(timed(lambda: parse_tables(normalise(PAGE)))
                                                      for _ in range(5)), 0.05),
    ]
    failed = False
    for name, seconds, target in rows:
        ok = seconds < target
        failed |= not ok
        print(f"{name:55s} {seconds * 1000:8.1f} ms  (target < {target * 1000:.0f} ms) {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
