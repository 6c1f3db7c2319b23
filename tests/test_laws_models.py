"""Domestic law records: rules, services, review and the focal point's scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import make_article, make_participant, make_user
from tests.laws_factories import make_law, make_mapping, make_provision
from treaty import permissions, services
from treaty.models import FocalPoint, Law, ProvisionMapping, ReviewState
from treaty.roles import EDITOR, FOCAL_POINT, REVIEWER

pytestmark = pytest.mark.django_db


def test_a_new_law_provision_and_mapping_start_as_drafts_with_their_author(treaty):
    editor = make_user(groups=(EDITOR,))
    participant = make_participant()
    law = services.record_law(
        participant=participant, title="Penal Code", source="Gazette", by=editor
    )
    provision = services.record_provision(law=law, reference=" art. 3 ", by=editor)
    mapping = services.map_provision(
        provision=provision,
        article=make_article(treaty, number=7),
        relation="implements",
        by=editor,
    )
    assert [r.review_state for r in (law, provision, mapping)] == [ReviewState.DRAFT] * 3
    assert [r.created_by for r in (law, provision, mapping)] == [editor] * 3
    assert provision.reference == "art. 3"
    assert ProvisionMapping.objects.public().count() == 0


def test_a_mapping_is_public_only_when_it_its_provision_and_its_law_are_published(treaty):
    editor, reviewer = make_user(groups=(EDITOR,)), make_user(groups=(REVIEWER,))
    law = make_law(make_participant())
    provision = services.record_provision(law=law, reference="art. 3", by=editor)
    mapping = services.map_provision(
        provision=provision, article=make_article(treaty), relation="implements", by=editor
    )
    for record in (provision, mapping):
        services.submit(record=record, by=editor)
    services.verify(record=mapping, by=reviewer)
    assert ProvisionMapping.objects.public().count() == 0
    services.verify(record=provision, by=reviewer)
    assert list(ProvisionMapping.objects.public()) == [mapping]
    services.withdraw_record(record=law, reason="entered twice", by=editor)
    assert ProvisionMapping.objects.public().count() == 0


def test_a_reviewer_never_verifies_the_law_they_entered(treaty):
    reviewer = make_user(groups=(REVIEWER,))
    law = services.record_law(
        participant=make_participant(), title="Act", source="Gazette", by=reviewer
    )
    services.submit(record=law, by=reviewer)
    with pytest.raises(services.ReviewError, match="another reviewer"):
        services.verify(record=law, by=reviewer)


def test_a_mapping_names_an_article_or_an_obligation_exactly_once(treaty, obligations):
    provision = make_provision(make_law(make_participant()))
    with pytest.raises(ValidationError, match="which article"):
        services.map_provision(provision=provision, relation="implements")
    with pytest.raises(ValidationError, match="exactly one"):
        services.map_provision(
            provision=provision,
            relation="implements",
            article=make_article(treaty),
            obligation=obligations[0],
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProvisionMapping.objects.create(provision=provision, relation="implements")


def test_a_provision_is_mapped_once_to_an_article_and_the_message_says_what_to_do(treaty):
    provision = make_provision(make_law(make_participant()))
    article = make_article(treaty)
    make_mapping(provision, article)
    with pytest.raises(ValidationError, match="already mapped to this article"):
        make_mapping(provision, article, relation="relevant")


def test_a_law_needs_a_title_and_a_source_and_is_recorded_once_per_source(treaty):
    participant = make_participant()
    with pytest.raises(ValidationError) as error:
        services.record_law(participant=participant, title="", source="")
    assert set(error.value.message_dict) >= {"title", "source"}
    make_law(participant, title="Act 1", source="Gazette")
    with pytest.raises(ValidationError, match="already has a law with this title"):
        make_law(participant, title="Act 1", source="Gazette")
    assert make_law(participant, title="Act 1", source="Another list").pk


def test_a_repealed_law_needs_its_date_and_it_comes_after_adoption(treaty):
    from datetime import date

    participant = make_participant()
    with pytest.raises(ValidationError, match="date it was repealed"):
        make_law(participant, status=Law.Status.REPEALED)
    with pytest.raises(ValidationError, match="repealed after it was adopted"):
        make_law(
            participant,
            status=Law.Status.REPEALED,
            adopted_on=date(2020, 1, 1),
            repealed_on=date(2019, 1, 1),
        )


def test_an_edit_of_a_stale_version_of_a_law_is_refused(treaty):
    law = make_law(make_participant())
    first, second = Law.objects.get(pk=law.pk), Law.objects.get(pk=law.pk)
    first.title_en = "Cybercrime Act"
    services.save_edited(record=first, expected_version=first.version)
    second.title_en = "Other"
    with pytest.raises(services.StaleRecord):
        services.save_edited(record=second, expected_version=second.version)


def test_a_focal_point_maps_the_laws_of_its_own_participants_only(treaty):
    mine, theirs = make_participant(), make_participant()
    focal = make_user(groups=(FOCAL_POINT,))
    FocalPoint.objects.create(user=focal, participant=mine)
    assert permissions.can_edit_participant(focal, make_provision(make_law(mine)).participant_id)
    assert not permissions.can_edit_participant(
        focal, make_provision(make_law(theirs)).participant_id
    )
    assert focal.has_perm("treaty.add_provisionmapping")
    assert not focal.has_perm("treaty.verify_provisionmapping")


def test_the_roles_hold_the_domestic_law_permissions():
    editor, reviewer = make_user(groups=(EDITOR,)), make_user(groups=(REVIEWER,))
    assert editor.has_perm("treaty.add_law")
    assert editor.has_perm("treaty.change_provisionmapping")
    assert not editor.has_perm("treaty.verify_law")
    assert reviewer.has_perm("treaty.verify_law")
    assert reviewer.has_perm("treaty.verify_provision")
    assert reviewer.has_perm("treaty.verify_provisionmapping")


def test_an_assessment_cites_provisions_as_its_evidence(personas, obligations):
    from treaty.models import ObligationProgress

    provision = make_provision(make_law(personas.ratifier))
    assessment = ObligationProgress.objects.get(
        participant=personas.ratifier, is_current=True, obligation=obligations[0]
    )
    provision.cited_by.add(assessment)
    assert list(assessment.evidence_provisions.all()) == [provision]
    assert assessment.evidence_title == "Cybercrime Act"  # the free text stays readable


def test_an_assessment_cites_provisions_of_its_own_participant_only(personas, obligations):
    from treaty.models import ObligationProgress

    assessment = ObligationProgress.objects.get(
        participant=personas.ratifier, obligation=obligations[0]
    )
    own = make_provision(make_law(personas.ratifier))
    services.cite_provisions(assessment=assessment, provisions=[own])
    assert list(assessment.evidence_provisions.all()) == [own]
    with pytest.raises(ValidationError, match="another participant"):
        services.cite_provisions(
            assessment=assessment, provisions=[make_provision(make_law(personas.outsider))]
        )


def test_free_text_evidence_that_names_a_recorded_law_is_linked_to_it_once(
    personas, obligations, api_client
):
    from django.core.management import call_command

    from treaty.models import ObligationProgress

    # The personas' aligned assessment names "Cybercrime Act" as its evidence.
    law = make_law(personas.ratifier, title="Cybercrime  act")
    make_law(personas.outsider, title="Cybercrime Act")  # another participant's: not linked
    assert call_command("link_evidence") == "1 assessment evidence link(s) added."
    assert call_command("link_evidence") == "0 assessment evidence link(s) added."
    assessment = ObligationProgress.objects.get(
        participant=personas.ratifier, obligation=obligations[0]
    )
    (provision,) = assessment.evidence_provisions.all()
    assert (provision.law, provision.reference, provision.review_state) == (
        law,
        "whole law",
        ReviewState.DRAFT,
    )
    assert assessment.evidence_title == "Cybercrime Act"
    editor = make_user(groups=(EDITOR,))
    api_client.force_login(editor)
    found = api_client.get(f"/api/v1/provisions/?assessment={assessment.pk}").json()["results"]
    assert [p["id"] for p in found] == [provision.pk]
