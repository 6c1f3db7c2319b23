"""The Django admin: where editors enter, review and withdraw records.

Nothing is deleted here: reviewed records (treaty actions, assessments) are withdrawn with a
reason, and the structure (treaties, articles, obligations, participants) is protected by the
database. Every changelist runs a fixed number of queries whatever the number of rows.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from treaty.admin.depositary import DepositaryCountAdmin
from treaty.admin.domestic import DomesticStepAdmin
from treaty.admin.editorial import FocalPointAdmin
from treaty.admin.laws import (
    LawAdmin,
    OutsideIndicatorAdmin,
    ProvisionAdmin,
    ProvisionMappingAdmin,
)
from treaty.admin.login import BoundedLoginForm
from treaty.admin.participants import ParticipantAdmin, ParticipantNameAdmin
from treaty.admin.records import ObligationProgressAdmin, TreatyActionAdmin
from treaty.admin.treaties import ArticleAdmin, ChapterAdmin, ObligationAdmin, TreatyAdmin

admin.site.site_header = _("Hanoi Convention tracker")
admin.site.site_title = _("Hanoi Convention tracker")
admin.site.index_title = _("Records")
admin.site.login_form = BoundedLoginForm

__all__ = [
    "ArticleAdmin",
    "ChapterAdmin",
    "DepositaryCountAdmin",
    "DomesticStepAdmin",
    "FocalPointAdmin",
    "LawAdmin",
    "ObligationAdmin",
    "ObligationProgressAdmin",
    "OutsideIndicatorAdmin",
    "ParticipantAdmin",
    "ParticipantNameAdmin",
    "ProvisionAdmin",
    "ProvisionMappingAdmin",
    "TreatyActionAdmin",
    "TreatyAdmin",
]
