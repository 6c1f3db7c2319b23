from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatyConfig(AppConfig):
    name = "treaty"
    verbose_name = _("Treaty tracker")
