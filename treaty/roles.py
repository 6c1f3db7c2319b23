"""The editorial roles as Django groups, and what each may do.

- Administrator: everything (and user management).
- Editor: enters and edits treaty actions and assessments for any participant; publishes
  depositary actions at once (they copy the depositary's public record, with their source).
- Focal point: adds and edits assessments, and proposes treaty actions, for the participants
  assigned to them only (``FocalPoint``), and reads those participants' unpublished records
  only; cannot publish.
- Reviewer: verifies or returns submitted entries; never their own (one they entered or whose
  content they last changed: ``treaty.permissions.is_own_entry``).
- The public (anonymous): reads published data only; has no group.
"""

from __future__ import annotations

from typing import Any

ADMINISTRATOR = "Administrator"
EDITOR = "Editor"
FOCAL_POINT = "Focal point"
REVIEWER = "Reviewer"

_VIEW_ALL = [
    f"view_{model}"
    for model in (
        "treaty",
        "chapter",
        "article",
        "obligation",
        "participant",
        "participantname",
        "treatyaction",
        "obligationprogress",
        "domesticstep",
        "depositarycount",
        "law",
        "provision",
        "provisionmapping",
        "outsideindicator",
        "indicatorvalue",
    )
]
# Domestic law: laws, their provisions and their mappings to the Convention, written like
# assessments (a focal point for its own participants; published after review).
_LAW_WRITE = [
    f"{verb}_{model}"
    for model in ("law", "provision", "provisionmapping")
    for verb in ("add", "change")
]
_LAW_VERIFY = ["verify_law", "verify_provision", "verify_provisionmapping"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: [
        *_VIEW_ALL,
        "add_treatyaction",
        "change_treatyaction",
        "verify_treatyaction",
        "add_obligationprogress",
        "change_obligationprogress",
        "add_domesticstep",
        "change_domesticstep",
        "add_participantname",
        "change_participantname",
        "edit_any_participant",
        "view_focalpoint",
        # The depositary's counts: copied from its page with the source, editors only.
        "add_depositarycount",
        "change_depositarycount",
        *_LAW_WRITE,
        "add_outsideindicator",
        "change_outsideindicator",
        "add_indicatorvalue",
        "change_indicatorvalue",
    ],
    FOCAL_POINT: [
        *_VIEW_ALL,
        "add_treatyaction",
        "change_treatyaction",
        "add_obligationprogress",
        "change_obligationprogress",
        "add_domesticstep",
        "change_domesticstep",
        *_LAW_WRITE,
    ],
    REVIEWER: [
        *_VIEW_ALL,
        "change_treatyaction",
        "change_obligationprogress",
        "verify_treatyaction",
        "verify_obligationprogress",
        "change_domesticstep",
        "verify_domesticstep",
        "edit_any_participant",
        *(f"change_{model}" for model in ("law", "provision", "provisionmapping")),
        *_LAW_VERIFY,
    ],
}


def sync_roles(group_model: Any, permission_model: Any) -> None:
    """Creates the groups and sets exactly their permissions (models passed in, so that a
    migration can use its historical models). The Administrator gets every permission of the
    tracker and of user management."""
    treaty_perms = permission_model.objects.filter(content_type__app_label="treaty")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        perms = list(treaty_perms.filter(codename__in=codenames))
        missing = set(codenames) - {p.codename for p in perms}
        # A model a later migration creates has no permission yet when an earlier migration
        # syncs the roles: that migration syncs them again. A codename of a model that exists
        # but is missing is a typo.
        models_known = {c.split("_", 1)[1] for c in treaty_perms.values_list("codename", flat=True)}
        missing = {c for c in missing if c.split("_", 1)[1] in models_known}
        if missing:
            raise RuntimeError(f"Permissions missing for {role}: {sorted(missing)}; migrate first.")
        group.permissions.set(perms)
    admin, _ = group_model.objects.get_or_create(name=ADMINISTRATOR)
    admin.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=["treaty", "auth", "authtoken"])
    )


def grant_new_permissions(apps: Any, schema_editor: Any) -> None:
    """For a migration that adds models with role permissions: Django creates permissions only
    after all migrations (post_migrate), so they are created here for the historical models,
    and the roles synced with them."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
