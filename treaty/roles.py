"""The editorial roles as Django groups, and what each may do.

- Administrator: everything (and user management).
- Editor: enters and edits treaty actions and assessments for any participant; publishes
  depositary actions at once (they copy the depositary's public record, with their source).
- Focal point: adds and edits assessments, and proposes treaty actions, for the participants
  assigned to them only (``FocalPoint``); cannot publish.
- Reviewer: verifies or returns submitted entries; never their own.
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
    )
]

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
    ],
    FOCAL_POINT: [
        *_VIEW_ALL,
        "add_treatyaction",
        "change_treatyaction",
        "add_obligationprogress",
        "change_obligationprogress",
        "add_domesticstep",
        "change_domesticstep",
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
    ],
}


def sync_roles(group_model: Any, permission_model: Any) -> None:
    """Creates the groups and sets exactly their permissions (models passed in, so that a
    migration can use its historical models). The Administrator gets every permission of the
    tracker and of user management."""
    treaty_perms = permission_model.objects.filter(content_type__app_label="treaty")
    # A migration that runs before a model exists cannot grant its permissions: they are skipped
    # here, and the migration that creates the model calls this again.
    models = set(treaty_perms.values_list("content_type__model", flat=True))
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        perms = list(treaty_perms.filter(codename__in=codenames))
        missing = {
            codename
            for codename in set(codenames) - {p.codename for p in perms}
            if codename.rsplit("_", 1)[1] in models
        }
        if missing:
            raise RuntimeError(f"Permissions missing for {role}: {sorted(missing)}; migrate first.")
        group.permissions.set(perms)
    admin, _ = group_model.objects.get_or_create(name=ADMINISTRATOR)
    admin.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=["treaty", "auth", "authtoken"])
    )
