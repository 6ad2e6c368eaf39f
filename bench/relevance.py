"""The search relevance set: queries people type on the demo portal, and which published items
each should find, judged by their titles. Used by tests/portal/test_relevance.py and by
bench/bench_search.py (`make bench`), which print precision@10 and recall.

Each entry: (query, any_of, all_of): an item is relevant when its title contains one of `any_of`
and every one of `all_of`.
"""

QUERIES = [
    ("低保", ["低保"], []),
    ("最低生活保障", ["低保"], []),
    ("城乡低保", ["低保"], []),
    ("低保动态管理", ["低保"], []),
    ("草原", ["草原"], []),
    ("草原补奖", ["草原生态保护补助奖励"], []),
    ("草原生态保护补助奖励", ["草原生态保护补助奖励"], []),
    ("草原生态补奖", ["草原"], []),
    ("危改", ["危房改造"], []),
    ("危房改造", ["危房改造"], []),
    ("农村危房改造", ["危房改造"], []),
    ("临时救助", ["临时救助"], []),
    ("临时救助对象", ["临时救助"], []),
    ("耕地地力保护补贴", ["耕地地力保护补贴"], []),
    ("地力补贴", ["耕地地力保护补贴"], []),
    ("扶贫资金", ["扶贫资金"], []),
    ("扶贫", ["扶贫"], []),
    ("扶贫项目计划", ["扶贫资金项目计划"], []),
    ("计划生育", ["计划生育"], []),
    ("计生", ["计划生育"], []),
    ("奖励扶助", ["奖励扶助"], []),
    ("占地补偿", ["占地补偿"], []),
    ("补偿标准", ["占地补偿标准"], []),
    ("土地承包", ["土地承包"], []),
    ("确权", ["确权"], []),
    ("土地承包经营权确权", ["确权"], []),
    ("村级财务", ["财务收支"], []),
    ("财务收支", ["财务收支"], []),
    ("集体经济", ["集体经济"], []),
    ("收益分配", ["收益分配"], []),
    ("财政预算", ["预算"], []),
    ("预算", ["预算"], []),
    ("决算", ["决算"], []),
    ("公益性岗位", ["公益性岗位"], []),
    ("招聘", ["招聘"], []),
    ("长流墩村 临时救助", ["临时救助"], ["长流墩村"]),
    ("兴武营村 财务", ["财务"], ["兴武营村"]),
    ("魏庄子村 占地补偿", ["占地补偿"], ["魏庄子村"]),
    ("宝塔村 土地承包", ["土地承包"], ["宝塔村"]),
    ("南梁村 收益分配", ["收益分配"], ["南梁村"]),
    ("第三季度", ["第三季度"], []),
    ("高沙窝社区", ["高沙窝社区"], []),
]

# Queries that must find exactly what another finds (the synonym dictionary at work).
SAME_AS = [("最低生活保障", "低保"), ("草原补奖", "草原"), ("危改", "危房改造"), ("计生", "计划生育")]


def relevant(title, any_of, all_of):
    return any(w in title for w in any_of) and all(w in title for w in all_of)


def evaluate(k=10):
    """[(query, precision@k, recall, found, relevant)] over the public items of the database:
    precision@k = relevant among the first k results / results shown (at most k);
    recall = relevant results found (every page) / relevant items."""
    from gongkai.disclosure.models import Item
    from gongkai.portal.search import engine

    titles = dict(Item.objects.public().values_list("pk", "title"))
    out = []
    for query, any_of, all_of in QUERIES:
        wanted = {pk for pk, title in titles.items() if relevant(title, any_of, all_of)}
        results = engine.search(query=query, page_size=1000)
        found = [doc.item_id for doc in results.page.object_list] if results.page else []
        top = found[:k]
        precision = sum(pk in wanted for pk in top) / len(top) if top else 0.0
        recall = len(wanted & set(found)) / len(wanted) if wanted else 1.0
        out.append((query, precision, recall, len(found), len(wanted)))
    return out


def summary(rows):
    n = len(rows)
    return {"queries": n, "precision_at_10": sum(r[1] for r in rows) / n, "recall": sum(r[2] for r in rows) / n}
