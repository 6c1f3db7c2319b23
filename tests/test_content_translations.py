"""Content in the UN languages (issue 12, item 3): titles, names and regions translated with
django-modeltranslation from data/translations/<lang>.csv, through the fixtures, the pages, the
API, the exports and the audit history."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from treaty import content_translations, fixture_builder
from treaty.content_translations import region_name
from treaty.fixture_rows.sources import FixtureDataError
from treaty.models import Article, Obligation, Participant, Treaty

DATA = settings.BASE_DIR / "data"
SLUG = "un-cybercrime-convention"


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The committed fixtures, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            call_command(
                "loaddata", "convention", "participants", "signatures", "depositary", verbosity=0
            )
            yield
            transaction.set_rollback(True)


def french_page(client, name, *args):
    """A public page in French, whether the language is in the URL or negotiated."""
    with translation.override("fr"):
        url = reverse(name, args=args)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


# --- Pages


@pytest.mark.django_db
def test_the_french_page_of_art_7s_obligation_is_titled_in_french(reference, client):
    page = french_page(client, "treaty:obligation-detail", SLUG, "art-7")

    assert "<h1>Accès illicite</h1>" in page
    assert "Incriminer l’accès intentionnel et sans droit" in page
    # This project's translation, and the page says so.
    assert "sont une traduction de ce projet" in page
    assert "Illegal access" not in page


@pytest.mark.django_db
def test_the_english_page_of_art_7s_obligation_stays_english(reference, client):
    with translation.override("en"):
        url = reverse("treaty:obligation-detail", args=[SLUG, "art-7"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Illegal access</h1>" in page
    assert "Accès illicite" not in page
    assert "this project&#x27;s translation" not in page


@pytest.mark.django_db
def test_the_french_article_page_gives_the_chapter_and_article_titles_in_french(reference, client):
    page = french_page(client, "treaty:article-detail", SLUG, 7)

    assert "Accès illicite" in page
    assert "Incrimination" in page  # chapter II
    assert "Criminalization" not in page
    assert "traduction de ce projet" in page


@pytest.mark.django_db
def test_a_title_without_a_translation_is_shown_in_english_marked_lang_en(reference, client):
    obligation = Obligation.objects.get(code="art-8")
    Obligation.objects.filter(pk=obligation.pk).update(title_fr=None, description_fr=None)

    page = french_page(client, "treaty:obligation-detail", SLUG, "art-8")

    assert '<h1><span lang="en">Illegal interception</span></h1>' in page
    # A translated title is not marked.
    assert '<span lang="en">Accès illicite</span>' not in page


@pytest.mark.django_db
def test_region_names_are_translated_on_the_country_page(reference, client):
    page = french_page(client, "treaty:country-detail", "SEN")

    assert region_name("Western Africa", "fr") == "Afrique de l’Ouest"
    assert "Afrique subsaharienne" in page  # Senegal's sub-region
    assert "Sub-Saharan Africa" not in page


def test_region_names_fall_back_to_english_where_a_language_has_none():
    assert region_name("Western Africa", "en") == "Western Africa"
    assert region_name("Atlantis", "fr") == "Atlantis"


# --- Models and history


@pytest.mark.django_db
def test_titles_read_in_the_active_language_with_english_as_fallback(reference):
    treaty = Treaty.objects.get(slug=SLUG)
    article = Article.objects.get(treaty=treaty, number=7)

    with translation.override("fr"):
        assert article.title == "Accès illicite"
        assert treaty.short_title == "Convention des Nations Unies contre la cybercriminalité"
    with translation.override("es"):  # no Spanish file in this test's data: English
        Article.objects.filter(pk=article.pk).update(title_es=None)
        article.refresh_from_db()
        assert article.title == "Illegal access"
    with translation.override("en"):
        assert article.title == "Illegal access"


@pytest.mark.django_db
def test_the_history_records_a_change_to_a_french_title(reference):
    obligation = Obligation.objects.get(code="art-7")
    before = obligation.history.count()

    obligation.title_fr = "Accès illégal"
    obligation.save()

    assert obligation.history.count() == before + 1
    latest = obligation.history.first()
    assert latest.title_fr == "Accès illégal"
    assert latest.title_en == "Illegal access"
    assert latest.prev_record.title_fr == "Accès illicite"


@pytest.mark.django_db
def test_the_chinese_name_moved_to_name_zh_hans(reference):
    china = Participant.objects.get(iso3="CHN")

    assert china.name_zh_hans
    with translation.override("zh-hans"):
        assert china.name == china.name_zh_hans
        assert china.localized_name() == china.name_zh_hans


# --- API


@pytest.mark.django_db
def test_the_api_gives_names_in_the_language_of_lang(reference, client):
    url = reverse("api:participant-detail", args=["DEU"])

    french = client.get(url, {"lang": "fr"}).json()
    english = client.get(url).json()

    assert (french["iso3"], french["name"]) == ("DEU", "Allemagne")
    assert english["name"] == "Germany"
    assert french["name_en"] == "Germany"
    assert french["name_fr"] == "Allemagne"
    assert french["treaties"][0]["stage"] == english["treaties"][0]["stage"]  # codes neutral


@pytest.mark.django_db
def test_the_api_follows_accept_language_and_lang_wins(reference, client):
    url = reverse("api:participant-detail", args=["DEU"])

    negotiated = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    asked = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr").json()

    assert negotiated["name"] == "Allemagne"
    assert asked["name"] == "Germany"


@pytest.mark.django_db
def test_the_api_refuses_an_unknown_language(reference, client):
    response = client.get(reverse("api:participant-list"), {"lang": "xx"})

    assert response.status_code == 400
    assert "lang" in response.json()


@pytest.mark.django_db
def test_the_api_documents_lang_in_its_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/participants/"]["get"]["parameters"]

    lang = next(p for p in parameters if p["name"] == "lang")
    assert set(lang["schema"]["enum"]) == {"ar", "zh-hans", "en", "fr", "ru", "es"}


# --- Exports


def export_rows(client, resource, **params):
    response = client.get(reverse("exports:export", args=[resource, "csv"]), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_exports_write_label_columns_in_lang_and_english_by_default(reference, client):
    french = {r["iso3"]: r for r in export_rows(client, "participants", lang="fr")}
    english = {r["iso3"]: r for r in export_rows(client, "participants")}
    browser_fr = {
        r["iso3"]: r
        for r in csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(
                        reverse("exports:export", args=["participants", "csv"]),
                        HTTP_ACCEPT_LANGUAGE="fr",
                    ).streaming_content
                ).decode("utf-8-sig")
            )
        )
    }

    assert (french["DEU"]["name"], french["SEN"]["subregion"]) == (
        "Allemagne",
        "Afrique subsaharienne",
    )
    assert (english["DEU"]["name"], english["SEN"]["subregion"]) == (
        "Germany",
        "Sub-Saharan Africa",
    )
    assert browser_fr["DEU"]["name"] == "Germany"  # a file is English unless lang says otherwise
    assert french["DEU"]["stage"] == english["DEU"]["stage"]


@pytest.mark.django_db
def test_the_actions_export_names_participants_in_lang(reference, client):
    french = export_rows(client, "actions", lang="fr")
    english = export_rows(client, "actions")

    by_code = {r["iso3"]: r["participant"] for r in french}
    assert by_code["DZA"] == "Algérie"
    assert {r["iso3"]: r["participant"] for r in english}["DZA"] == "Algeria"


# --- The fixtures and their loader


def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def test_the_fixtures_carry_every_language_column_of_the_titles():
    rows = fixture_builder.build(DATA).files["convention.json"]
    art7 = next(
        r for r in rows if r["model"] == "treaty.obligation" and r["fields"]["code"] == "art-7"
    )

    assert art7["fields"]["title_en"] == "Illegal access"
    assert art7["fields"]["title_fr"] == "Accès illicite"
    assert {f"title_{code}" for code in ("es", "ar", "ru", "zh_hans")} <= set(art7["fields"])


def test_a_missing_language_file_is_a_language_not_translated_yet(tmp_path):
    folder = data_copy(tmp_path)
    for path in (folder / "translations").glob("*.csv"):
        if path.name != "fr.csv":
            path.unlink()

    rows = fixture_builder.build(folder).files["convention.json"]
    treaty = next(r for r in rows if r["model"] == "treaty.treaty")

    assert treaty["fields"]["short_title_es"] is None
    assert treaty["fields"]["short_title_fr"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "article,99,title,Article inconnu,project translation",
            r"fr\.csv, line 2: unknown article key '99'",
        ),
        (
            "obligation,art-999,title,Inconnue,project translation",
            r"fr\.csv, line 2: unknown obligation key 'art-999'",
        ),
        (
            "region,Atlantis,name,Atlantide,project translation",
            r"fr\.csv, line 2: unknown region key 'Atlantis'",
        ),
        (
            "participant,XYZ,name,Inconnu,project translation",
            r"fr\.csv, line 2: unknown participant key 'XYZ'",
        ),
        (
            "group,g77,name,Groupe des 77,project translation",
            r"fr\.csv, line 2: unknown group key 'g77'",
        ),
        (
            "participant,EUU,formal_name,Union,project translation",
            r"fr\.csv, line 2: unknown field 'formal_name' for participant 'EUU'",
        ),
        (
            "article,7,text,Texte,project translation",
            r"fr\.csv, line 2: unknown field 'text' for article '7'",
        ),
        ("clause,7,title,Titre,project translation", r"fr\.csv, line 2: unknown kind 'clause'"),
        (
            "obligation,art-7,title,Accès,https://docs.un.org/fr/A/RES/79/243",
            r"fr\.csv, line 2: obligation 'art-7'",
        ),
        ("article,7,title,Accès illicite,a book", r"fr\.csv, line 2: the source of article '7'"),
    ],
)
def test_the_loader_rejects_unknown_keys_and_fields_naming_file_line_and_key(
    tmp_path, line, message
):
    folder = data_copy(tmp_path)
    (folder / "translations" / "fr.csv").write_text(
        "kind,key,field,text,source\n" + line + "\n", encoding="utf-8"
    )

    with pytest.raises(FixtureDataError, match=message):
        fixture_builder.build(folder)


def test_every_row_of_the_committed_files_has_a_source():
    rows = content_translations.read_all()

    assert rows, "data/translations/ holds no translation"
    for row in rows:
        assert row.source == content_translations.PROJECT_TRANSLATION or row.source.startswith(
            "https://"
        )
        if row.kind == "obligation":
            assert row.is_project_translation


@pytest.mark.django_db
def test_an_empty_translation_falls_back_to_english(reference):
    Participant.objects.filter(iso3="DEU").update(name_fr="")
    germany = Participant.objects.get(iso3="DEU")

    with translation.override("fr"):
        assert germany.name == "Germany"
        assert germany.localized_name() == "Germany"


@pytest.mark.django_db
def test_the_admin_edits_each_language_of_a_title(reference, admin_client):
    obligation = Obligation.objects.get(code="art-7")

    with translation.override("en"):
        url = reverse("admin:treaty_obligation_change", args=[obligation.pk])
    page = admin_client.get(url).content.decode()

    for column in ("title_en", "title_fr", "title_es", "title_ar", "title_ru", "title_zh_hans"):
        assert f'name="{column}"' in page
    assert "Accès illicite" in page


@pytest.mark.django_db
def test_the_original_column_keeps_the_english_text_whatever_language_wrote(reference):
    germany = Participant.objects.get(iso3="DEU")

    with translation.override("fr"):
        germany.name = "République fédérale d’Allemagne"  # writes name_fr
        germany.save()
    germany.name_en = "Germany (Federal Republic)"
    germany.save()

    stored = Participant.objects.filter(iso3="DEU").values_list("name_fr", flat=True).get()
    assert stored == "République fédérale d’Allemagne"
    assert Participant.objects.filter(pk=germany.pk, name_en="Germany (Federal Republic)").exists()
    # The untranslated column, read through a relation as the admin's searches do.
    from treaty.models import TreatyAction

    assert set(
        TreatyAction.objects.filter(participant=germany).values_list("participant__name", flat=True)
    ) <= {"Germany (Federal Republic)"}
    raw = Participant.objects.raw("SELECT id, name FROM treaty_participant WHERE iso3 = 'DEU'")
    assert next(iter(raw)).__dict__["name"] == "Germany (Federal Republic)"


@pytest.mark.django_db
def test_the_length_limit_holds_every_language_of_a_title(reference):
    from django.db import IntegrityError, transaction

    treaty = Treaty.objects.get(slug=SLUG)
    with pytest.raises(IntegrityError), transaction.atomic():
        Treaty.objects.filter(pk=treaty.pk).update(title_fr="é" * 1_001)
    Treaty.objects.filter(pk=treaty.pk).update(title_fr="é" * 1_000)


@pytest.mark.django_db
def test_a_formal_name_known_in_english_only_is_marked_lang_en(reference, client):
    page = french_page(client, "treaty:country-detail", "CHN")

    assert "<h1>Chine</h1>" in page
    assert '<span lang="en">the People&#x27;s Republic of China</span>' in page


def test_a_file_named_for_no_language_is_refused(tmp_path):
    folder = data_copy(tmp_path)
    shutil.copy(folder / "translations" / "fr.csv", folder / "translations" / "zh.csv")

    with pytest.raises(FixtureDataError, match=r"zh\.csv: not a translation file"):
        fixture_builder.build(folder)


# --- Participants and groups named in the files (the European Union, the breakdowns' groups)


def test_a_participant_name_fills_only_what_the_taxonomy_leaves_empty(tmp_path):
    folder = data_copy(tmp_path)
    with (folder / "translations" / "fr.csv").open("a", encoding="utf-8") as handle:
        handle.write("participant,DEU,name,Nom du fichier,project translation\n")

    rows = fixture_builder.build(folder).files["participants.json"]
    by_iso3 = {r["fields"]["iso3"]: r["fields"] for r in rows if r["model"] == "treaty.participant"}

    assert by_iso3["EUU"]["name_fr"] == "Union européenne"
    assert by_iso3["EUU"]["name_en"] == "European Union"
    assert by_iso3["DEU"]["name_fr"] == "Allemagne"  # the taxonomy's UN name wins


def test_the_groups_fixture_carries_every_language_column_of_the_names():
    rows = fixture_builder.build(DATA).files["groups.json"]
    ldc = next(r["fields"] for r in rows if r["fields"]["code"] == "ldc")

    assert ldc["name_en"] == ldc["name"] == "Least developed countries (LDC)"
    assert ldc["name_es"] == "Países menos adelantados (PMA)"
    assert {f"name_{code}" for code in ("fr", "ar", "ru", "zh_hans")} <= set(ldc)


@pytest.mark.django_db
def test_the_european_union_is_named_in_french_on_the_french_countries_page(reference, client):
    html = french_page(client, "treaty:country-detail", "EUU")

    assert "Union européenne" in html.split("<h1", 1)[1].split("</h1>", 1)[0]
    with translation.override("fr"):
        assert Participant.objects.get(iso3="EUU").name == "Union européenne"


@pytest.mark.django_db
def test_a_groups_name_is_in_spanish_on_the_spanish_breakdowns_page(reference, client):
    from treaty.models import Group

    call_command("loaddata", "groups", verbosity=0)
    Group.objects.filter(code="coe").update(name_es="Consejo de Europa (del fichero)")

    html = client.get("/es/breakdowns/").content.decode()

    assert "Consejo de Europa (del fichero)" in html  # the data's name, not the catalogue's
    assert "Países menos adelantados (PMA)" in html
    assert "Least developed countries" not in html.split("<main", 1)[1]


# --- Text recorded in English only, marked as such on the other languages' pages


@pytest.mark.parametrize(
    ("language", "marked", "isolated"),
    [("en", False, False), ("fr", True, False), ("ar", True, True), ("zh-hans", True, False)],
)
def test_sources_are_marked_english_on_pages_in_another_language(language, marked, isolated):
    from treaty.templatetags.tracker import in_english, source_of

    with translation.override(language):
        linked = str(source_of("Netherlands Treaty Database", "https://example.org/x"))
        plain = str(source_of("Press report", notification="C.N.1.2025.TREATIES-XVIII.16"))
        name = str(in_english("Hanoi Convention"))

    for html in (linked, plain, name):
        assert ('lang="en"' in html) is marked, html
    assert ('dir="auto"' in linked) is isolated
    assert ("<bdi" in name) is isolated
    assert "Netherlands Treaty Database</a>" in linked


@pytest.mark.django_db
def test_the_arabic_dashboard_marks_its_sources_english(client):
    call_command("load_reference_data", verbosity=0)

    arabic = client.get("/ar/").content.decode()
    english = client.get("/en/").content.decode()

    assert arabic.count('lang="en"') > 10
    assert 'rel="external" lang="en"' not in english
