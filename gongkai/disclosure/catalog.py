"""The statutory catalog (政府信息公开目录) as data: 《条例》第二十条 (every agency), 第二十一条
(what a 乡（镇）人民政府 must add) and the areas of 基层政务公开标准化规范化 that fit a township."""

from dataclasses import dataclass, field


@dataclass
class Node:
    slug: str
    name: str
    basis: str = ""
    children: list = field(default_factory=list)
    parent: str = ""


def art20(n):
    return f"《条例》第二十条第（{n}）项"


ART21 = "《条例》第二十一条"
GRASSROOTS = "基层政务公开标准化规范化"

ARTICLE_20 = [
    Node("rules", "规章和规范性文件", art20("一")),
    Node("organization", "机构职能", art20("二")),
    Node("plans", "规划计划", art20("三")),
    Node("statistics", "统计信息", art20("四")),
    Node("licensing", "行政许可和其他对外管理服务事项", art20("五")),
    Node("enforcement", "行政处罚和行政强制", art20("六")),
    Node("budget", "财政预决算", art20("七")),
    Node("fees", "行政事业性收费", art20("八")),
    Node("procurement", "政府集中采购", art20("九")),
    Node("major-projects", "重大建设项目", art20("十")),
    Node("social-policy", "扶贫、教育、医疗、社会保障、促进就业", art20("十一")),
    Node("emergency", "突发公共事件应急管理", art20("十二")),
    Node("inspections", "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查", art20("十三")),
    Node("recruitment", "公务员招考", art20("十四")),
    Node("other-statutory", "其他应当主动公开的信息", art20("十五")),
]


def township_areas():
    return [
        Node(
            "rural-revitalization",
            "脱贫攻坚（乡村振兴）",
            f"{ART21}；{GRASSROOTS}",
            [
                Node("poverty-funds", "扶贫资金", f"{art20('十一')}；{GRASSROOTS}"),
            ],
        ),
        Node("farm-subsidies", "涉农补贴", f"{ART21}；{GRASSROOTS}"),
        Node("housing-renovation", "农村危房改造", f"{ART21}；{GRASSROOTS}"),
        Node(
            "social-assistance",
            "社会救助",
            f"{ART21}；{GRASSROOTS}",
            [
                Node("temporary-relief", "临时救助", f"{ART21}；{GRASSROOTS}"),
            ],
        ),
        Node("employment", "就业创业", f"{art20('十一')}；{GRASSROOTS}"),
        Node("family-planning", "计划生育服务", GRASSROOTS),
        Node("land-compensation", "征地补偿（征地拆迁）", f"{ART21}；{GRASSROOTS}"),
        Node(
            "village-affairs",
            "村务公开",
            "《村民委员会组织法》第三十条；" + GRASSROOTS,
            [
                Node("village-finance", "村级财务", "《村民委员会组织法》第三十条"),
                Node("village-decisions", "重大决议执行", "《村民委员会组织法》第三十条"),
                Node("land-contract", "土地承包", "《村民委员会组织法》第三十条"),
            ],
        ),
    ]


def agency_catalog():
    return [Node("statutory", "法定主动公开内容", "《条例》第二十条", [*ARTICLE_20])]


def township_catalog():
    return [
        *agency_catalog(),
        Node("key-areas", "重点领域信息", f"{ART21}；{GRASSROOTS}", township_areas()),
    ]


def flatten(nodes, parent=""):
    for node in nodes:
        node.parent = parent
        yield node
        yield from flatten(node.children, node.slug)


def tree_order(categories):
    """[(depth, category)] in tree order, parents before their children."""
    children = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c)
    out = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append((depth, c))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out
