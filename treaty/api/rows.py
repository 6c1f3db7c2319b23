"""Serializing read rows quickly: the same output as DRF's ``Serializer.to_representation``,
with the work DRF repeats for every row and field done once per serializer.

DRF asks each field, for each row, to find its attribute (a generic walk with exception
handling) and to convert it (a method call per field); a hyperlink is a full ``reverse()`` per
row, and a nested serializer built per row copies all its fields. Measured on a page of 100
participants, that was about 20× ``values()`` + ``json.dumps`` of the same rows.

``ReadRowsMixin`` compiles, on the first row, one plan for the serializer: for each readable
field, a getter (``operator.attrgetter`` or a None-safe walk of ``source``) and a converter
chosen by the field's class (``str``, ``int``, ``date.isoformat``…); a hyperlink is the
request's absolute URL of the route with the row's key put in its place. A field whose class
it does not know, or whose class changes ``to_representation``, is asked exactly as DRF asks
it. ``ListSerializer`` uses one child for all rows, so the plan is made once per response;
nested serializers are built once per parent (``nested``), never once per row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeGuard

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from modeltranslation import utils as translation_utils
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from rest_framework import ISO_8601, relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from treaty.models.translated import translated_columns

# A participant's name in each language (django-modeltranslation's columns: name_en, name_fr…),
# and what the API says of its translated names.
NAME_COLUMNS = translated_columns("name")[1:]
TRANSLATED_NAMES_HELP = {
    "name": {
        "help_text": "The name in the language asked for (`lang`, else the Accept-Language "
        "header; English when it has none there); name_en… give each language's (null when "
        "not recorded)."
    },
    "formal_name": {"help_text": "The formal name in the language asked for, else English."},
}

# Field classes whose conversion of a non-None value is a plain function.
_CONVERTERS: list[tuple[type, Callable[[Any], Any]]] = [
    (serializers.BooleanField, bool),
    (serializers.IntegerField, int),
    (serializers.FloatField, float),
    (serializers.CharField, str),
    (serializers.DateField, date.isoformat),
]

Plan = list[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None]]


def _identity(value: Any) -> Any:
    return value


def _walk(attrs: list[str]) -> Callable[[Any], Any]:
    """The attribute at the end of ``attrs``, or None as soon as a step is None."""
    if len(attrs) == 1:
        return operator.attrgetter(attrs[0])

    def get(instance: Any) -> Any:
        for attr in attrs:
            instance = getattr(instance, attr)
            if instance is None:
                return None
        return instance

    return get


def _own[T](field: Any, base: type[T]) -> TypeGuard[T]:
    """Whether ``field`` converts values exactly as ``base`` does."""
    own: Any = type(field)
    converts: Any = base
    return isinstance(field, base) and own.to_representation is converts.to_representation


class ReadRowsMixin:
    """For read serializers: ``to_representation`` from a plan made once (see the module)."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = self._bind()
        ret: dict[str, Any] = {}
        for name, get, convert in plan:
            if convert is None:  # asked as DRF asks it
                field: Any = get
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check is None else field.to_representation(attribute)
                continue
            value = get(instance)
            ret[name] = None if value is None else convert(value)
        return ret

    def nested(self, serializer_class: type, **kwargs: Any) -> Any:
        """One instance of ``serializer_class`` for every row of this serializer."""
        made = self.__dict__.setdefault("_nested", {})
        if serializer_class not in made:
            made[serializer_class] = serializer_class(context=self.context, **kwargs)  # type: ignore[attr-defined]
        return made[serializer_class]

    def _bind(self) -> Plan:
        """The class's plan for this serializer: its own methods, and links on its request.
        Building a serializer's fields copies them all (DRF does it for every instance): the
        class keeps what it learnt from them, and an instance builds them only when one of
        its fields must be asked as DRF asks it."""
        spec = type(self).__dict__.get("_row_spec")
        if spec is None:
            spec = [(field.field_name, *self._compile(field)) for field in self._readable_fields]  # type: ignore[attr-defined]
            type(self)._row_spec = spec  # type: ignore[attr-defined]
        plan: Plan = []
        for name, kind, data in spec:
            if kind == "method":
                plan.append((name, getattr(self, data), _identity))
            elif kind == "link":
                plan.append((name, self._link(*data), _identity))
            elif kind == "get":
                plan.append((name, *data))
            elif kind == "datetime":
                plan.append((name, data[0], _datetime(data[1])))
            elif kind == "translated":
                plan.append((name, _translated(*data[:2]), data[2]))
            else:
                plan.append((name, self.fields[name], None))  # type: ignore[attr-defined]
        return plan

    @staticmethod
    def _compile(field: Any) -> tuple[str, Any]:
        """How to read ``field``: ("method", its name), ("link", its route), ("get", (getter,
        converter)) or ("ask", None) to ask the field itself."""
        if _own(field, serializers.SerializerMethodField):
            return "method", field.method_name
        if _own(field, relations.HyperlinkedIdentityField) and field.format is None:
            return "link", (field.view_name, field.lookup_url_kwarg, field.lookup_field)
        attrs = field.source_attrs
        if not attrs:  # the whole row ("*"): only the field knows what it reads
            return "ask", None
        model = getattr(getattr(field.parent, "Meta", None), "model", None)
        if callable(getattr(model, attrs[0], None)):  # a method (get_kind_display): DRF calls it
            return "ask", None
        descriptor = _translation_of(model, attrs)
        if descriptor is not None:
            for base, convert in _CONVERTERS:
                if _own(field, base):
                    return "translated", (attrs[:-1], descriptor, convert)
            return "ask", None
        if _own(field, relations.SlugRelatedField):
            return "get", (_walk([*attrs, field.slug_field]), _identity)
        if isinstance(field, relations.ManyRelatedField) and _own(
            field.child_relation, relations.SlugRelatedField
        ):
            slug = operator.attrgetter(field.child_relation.slug_field)
            related = _walk(attrs)
            return "get", ((lambda row: [slug(item) for item in related(row).all()]), _identity)
        if _own(field, relations.PrimaryKeyRelatedField) and len(attrs) == 1:
            # DRF reads the foreign key's column (the related row is not loaded).
            return "get", ((lambda row: row.serializable_value(attrs[0])), _identity)
        if _own(field, serializers.DateTimeField):
            return "datetime", (_walk(attrs), field)
        if _own(field, serializers.ChoiceField):
            choices = field.choice_strings_to_values

            def choice(value: Any) -> Any:
                return value if value == "" else choices.get(str(value), value)

            return "get", (_walk(attrs), choice)
        if _own(field, serializers.BigIntegerField) and not getattr(
            field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
        ):
            return "get", (_walk(attrs), int)
        for base, convert in _CONVERTERS:
            if _own(field, base):
                return "get", (_walk(attrs), convert)
        return "ask", None

    def _link(self, view_name: str, url_kwarg: str, lookup: str) -> Callable[[Any], str]:
        """The row's URL: the route reversed once, the row's key put in its place."""
        marker = "0tracker0key0"
        path = reverse(view_name, kwargs={url_kwarg: marker})
        request = self.context["request"]  # type: ignore[attr-defined]
        before, after = request.build_absolute_uri(path).split(marker)
        key = operator.attrgetter(lookup)
        return lambda row: f"{before}{key(row)}{after}"


def _translation_of(model: Any, attrs: list[str]) -> TranslationFieldDescriptor | None:
    """django-modeltranslation's descriptor of the field ``attrs`` reads from a row of
    ``model`` (``name``, ``participant.name``), if it is a translated one."""
    for attr in attrs[:-1]:
        try:
            model = model._meta.get_field(attr).related_model
        except (AttributeError, FieldDoesNotExist):
            return None
    found = getattr(model, attrs[-1], None) if model is not None else None
    return found if isinstance(found, TranslationFieldDescriptor) else None


def _translated(path: list[str], descriptor: TranslationFieldDescriptor) -> Callable[[Any], Any]:
    """What ``descriptor`` reads from the row at ``path``, with the active language's order of
    columns found once (for this serializer: one response, one language) instead of on every
    read: the first meaningful value in that order, else whatever the descriptor answers."""
    walk = _walk(path) if path else _identity
    languages = translation_utils.resolution_order(
        translation_utils.get_language(), descriptor.fallback_languages
    )
    field_name = descriptor.field.name
    columns = [translation_utils.build_localized_fieldname(field_name, lang) for lang in languages]
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    meaningful = descriptor.meaningful_value

    def get(row: Any) -> Any:
        instance = walk(row)
        if instance is None:
            return None
        for column in columns:
            value = getattr(instance, column, None)
            if meaningful(value, undefined):
                return value
        return descriptor.__get__(instance, type(instance))

    return get


def _datetime(field: Any) -> Callable[[Any], Any]:
    """``field.to_representation`` (a DRF ``DateTimeField``) with the time zone it converts to
    found once (for this serializer: one response) instead of for every value: an aware
    datetime in that zone, ISO 8601, "Z" for UTC. Any other value, or another output format,
    is converted by the field itself."""
    output = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None or output is None or output.lower() != ISO_8601:
        return field.to_representation

    def convert(value: Any) -> Any:
        if type(value) is not datetime or value.utcoffset() is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert
