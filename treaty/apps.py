from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatyConfig(AppConfig):
    name = "treaty"
    verbose_name = _("Treaty tracker")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed
        from simple_history.signals import post_create_historical_record

        from treaty.freshness import bump_data_version, bump_on_link_change

        # Every recorded change, whatever wrote it (services, admin, imports, shell), makes the
        # cached pages and API responses stale; the audit history is the one place all writes
        # pass — except links between records (an assessment's cited provisions, the EU's
        # members), which have no history of their own.
        post_create_historical_record.connect(bump_data_version, dispatch_uid="tracker-fresh")
        m2m_changed.connect(bump_on_link_change, dispatch_uid="tracker-fresh-links")
