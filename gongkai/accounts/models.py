from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """行政区划: 省 / 市 / 县 / 乡镇·街道 / 行政村·社区 / 自然村, as a tree."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇·街道")
        VILLAGE = "village", _("行政村·社区")
        HAMLET = "hamlet", _("自然村")

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("区划代码"), max_length=20, blank=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")]

    def __str__(self):
        return self.name

    def ancestors(self):
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def full_name(self):
        return "".join(r.name for r in [*self.ancestors(), self])


class Agency(models.Model):
    """机关: an administrative agency with its own disclosure duties."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级人民政府")
        PROVINCE_DEPT = "province_dept", _("省级部门")
        CITY = "city", _("市级人民政府")
        CITY_DEPT = "city_dept", _("市级部门")
        COUNTY = "county", _("县级人民政府")
        COUNTY_DEPT = "county_dept", _("县级部门")
        TOWNSHIP = "township", _("乡镇人民政府")
        STREET = "street", _("街道办事处")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    slug = models.SlugField(_("标识"), max_length=50, unique=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="agencies")
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("政务公开主管机关"),
        help_text=_("指导监督本机关政府信息公开工作的上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised",
    )
    ogi_office = models.CharField(_("政府信息公开工作机构"), max_length=100)
    ogi_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    ogi_postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    ogi_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    ogi_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    # Printed with the phone under the date of every letter (附注, GB/T 9704).
    ogi_contact = models.CharField(_("联系人"), max_length=50, blank=True)
    ogi_fax = models.CharField(_("传真"), max_length=50, blank=True)
    ogi_email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self):
        return self.name

    @property
    def is_township(self):
        return self.level in (self.Level.TOWNSHIP, self.Level.STREET)

    def supervised_tree(self):
        """Every agency below this one in the supervision tree, at any depth."""
        return Agency.below([self.pk])

    @staticmethod
    def below(pks):
        """Every agency below the agencies `pks` in the supervision tree, at any depth: one query
        per level whatever the number of agencies (the county office's roll-up starts from 300)."""
        found, frontier = [], list(pks)
        while frontier:
            level = list(Agency.objects.filter(supervisor_id__in=frontier).exclude(pk__in=[a.pk for a in found]))
            found.extend(level)
            frontier = [a.pk for a in level]
        return found


class Unit(models.Model):
    """站所 / 科室 of an agency."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("名称"), max_length=100)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
    )

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("站所（科室）")
        verbose_name_plural = _("站所（科室）")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_in_agency")]

    def __str__(self):
        return f"{self.agency.short_name or self.agency.name}·{self.name}"


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人")
    UNIT_HEAD = "unit_head", _("站所负责人")
    LEADER = "leader", _("分管领导")
    OGI = "ogi", _("政府信息公开工作机构")
    OGI_HEAD = "ogi_head", _("工作机构负责人")
    HEAD = "head", _("主要领导")
    SUPERVISOR = "supervisor", _("上级政务公开办")
    ADMIN = "admin", _("系统管理员")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("站所（科室）"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self):
        where = self.unit or self.agency
        return f"{self.user} · {where} · {self.get_role_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": _("所选站所不属于该机关")})
