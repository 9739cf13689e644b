"""Regions from titles, document numbers, addresses; former divisions; special zones."""

from __future__ import annotations

from collections import Counter

from test_agencies import report

from gikdata.extract.regions import gazetteer, place_evidence


def test_document_numbers_name_the_issuer_with_context():
    gaz = gazetteer()
    context = Counter({"淄博市": 1})
    assert place_evidence("按照淄政办发〔2014〕29号文件", gaz, context) == {"淄博市": 1}
    assert place_evidence("（张政办发〔2014〕50 号）", gaz, Counter({"张店区": 1})) == {"张店区": 1}
    # 张 alone fits 张店区, 张家口市, 张掖市 …: without context it is no evidence
    assert place_evidence("（张政办发〔2014〕50号）", gaz, Counter()) == {}
    assert place_evidence("（国办公开办函〔2019〕60号）", gaz, Counter()) == {}


def test_address_names_a_place():
    assert place_evidence("联系（地址：聊城南湖湿地公园西邻）", gazetteer(), Counter()) == {"聊城市": 1}


def test_short_name_placed_by_document_number():
    text = ("2016年政府信息公开工作年度报告\n根据淄博市政府办公厅要求（张政办发〔2016〕3号），"
            "2016年,区安监局主动公开政府信息12条。2016年全年无依申请公开。")
    r = report(text, "doc.txt")
    assert r.metadata.agency.region.code == "370303"


def test_former_division_still_resolves():
    r = report("莱芜市安全生产监督管理局2014年政府信息公开工作年度报告\n2014年,市安监局主动公开政府信息12条。", "lw.txt")
    assert r.metadata.agency.region.code == "371200" and r.metadata.agency.region.city == "莱芜市"
    new = report("济南市莱芜区应急管理局2020年政府信息公开工作年度报告\n2020年,我局主动公开政府信息20条。", "lw2.txt")
    assert new.metadata.agency.region.county == "莱芜区"


def test_zone_keeps_its_name_and_sits_in_its_city():
    r = report("聊城江北水城旅游度假区安全生产监督管理局2023年政府信息公开工作年度报告\n我局主动公开政府信息47条。", "z.txt")
    reg = r.metadata.agency.region
    assert (reg.city, reg.zone, reg.code) == ("聊城市", "江北水城旅游度假区", "371500")


def test_website_names_name_a_place():
    gaz = gazetteer()
    assert place_evidence("登录淄博政府网查询", gaz, Counter()) == {"淄博市": 1}
    assert place_evidence("张店区人民政府网政府信息公开专栏", gaz, Counter()) == {"张店区": 1}
    assert place_evidence("区安监局门户网站", gaz, Counter()) == {}
