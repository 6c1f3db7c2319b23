from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatyConfig(AppConfig):
    name = "treaty"
    verbose_name = _("Treaty tracker")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from treaty.freshness import bump_data_version

        # Every recorded change, whatever wrote it (services, admin, imports, shell), makes the
        # cached public pages stale; the audit history is the one place all writes pass.
        post_create_historical_record.connect(bump_data_version, dispatch_uid="tracker-fresh")
