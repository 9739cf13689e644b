"""Agency identity: a general rule over region and function lineage, not a list of pairs."""

from __future__ import annotations

from gikdata.extract.agencies import agency_id, canonical_function, short_names
from gikdata.extract.report import extract_source
from gikdata.model import Region
from gikdata.read.decode import SourceText


def report(text: str, name: str = "r.txt"):
    src = SourceText(path=name, text=text, encoding="utf-8", sha256=(name.encode().hex() * 64)[:64], size=len(text))
    return extract_source(src)


def test_lineage_follows_renames():
    assert canonical_function("work_safety") == "emergency_management"
    assert canonical_function("health_bureau") == "health"
    assert canonical_function("education") == "education"


def test_renamed_body_is_one_agency_and_places_differ():
    old = report("历城区安全生产监督管理局2016年政府信息公开工作年度报告\n2016年,区安监局主动公开政府信息12条。", "a.txt")
    new = report("历城区应急管理局2020年政府信息公开工作年度报告\n2020年,我局主动公开政府信息20条。", "b.txt")
    other = report("历下区应急管理局2020年政府信息公开工作年度报告\n2020年,我局主动公开政府信息9条。", "c.txt")
    assert old.metadata.agency.agency_id == new.metadata.agency.agency_id
    assert other.metadata.agency.agency_id != new.metadata.agency.agency_id


def test_government_and_its_bureau_differ():
    gov = report("历城区人民政府2020年政府信息公开工作年度报告\n全区主动公开政府信息500条。", "g.txt")
    bureau = report("历城区应急管理局2020年政府信息公开工作年度报告\n我局主动公开政府信息20条。", "b.txt")
    assert gov.metadata.agency.agency_id != bureau.metadata.agency.agency_id
    assert gov.metadata.scope == "whole_area" and bureau.metadata.scope == "own"


def test_unplaced_reports_are_never_merged():
    a = agency_id(Region(), "work_safety", "aaaaaaaa11")
    b = agency_id(Region(), "work_safety", "bbbbbbbb22")
    assert a != b and a.startswith("unplaced-")


def test_short_names_ignore_tails_of_longer_names():
    assert short_names("张店区应急管理局由区安监局编制") == {"区安监局": 1}


def test_zone_committee_is_a_whole_area_body_beside_its_bureau():
    gov = report("聊城江北水城旅游度假区管理委员会2020年政府信息公开工作年度报告\n全区主动公开政府信息300条。", "zg.txt")
    bureau = report("聊城江北水城旅游度假区安全生产监督管理局2020年政府信息公开工作年度报告\n我局主动公开政府信息47条。", "zb.txt")
    assert gov.metadata.scope == "whole_area" and gov.metadata.agency.function == "government"
    assert gov.metadata.agency.region.zone == bureau.metadata.agency.region.zone == "江北水城旅游度假区"
    assert gov.metadata.agency.agency_id != bureau.metadata.agency.agency_id


def test_lineage_is_data_many_old_bodies_to_one_new():
    assert canonical_function("population_family_planning") == "health"  # 计生局 -> 卫计委 -> 卫健委
    assert canonical_function("industry_commerce") == canonical_function("food_drug") == "market_regulation"
    old = report("历城区农业局2017年政府信息公开工作年度报告\n2017年,我局主动公开政府信息12条。", "ag1.txt")
    new = report("历城区农业农村局2021年政府信息公开工作年度报告\n2021年,我局主动公开政府信息30条。", "ag2.txt")
    assert old.metadata.agency.agency_id == new.metadata.agency.agency_id == "370112-agriculture_rural"
