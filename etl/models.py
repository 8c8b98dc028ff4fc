"""Record models of the curated fact files (one pydantic model per kind of record).

Field-level rules (types, required fields, enums, ranges, date shapes) live here; rules that
span records or files (references, duplicate ids) live in :mod:`etl.validate`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from etl.dates import parse_partial_date

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Lang = Literal["vi", "en", "fr", "no", "ko", "lo", "ru", "ja"]


def _check_date(value: str) -> str:
    parse_partial_date(value)
    return value


PartialDateText = Annotated[str, AfterValidator(_check_date)]
NULLS = {"", "null", "~"}


class FieldError(ValueError):
    """A rule over several fields of a record, broken at ``field``: the problem names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Record(BaseModel):
    """Base: unknown fields are errors; empty YAML values count as missing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and v in NULLS)}
        return data


class Dated(Record):
    """A record with an optional partial date that may be flagged as inferred."""

    date: PartialDateText | None = None
    date_inferred: bool = False
    date_note: Text | None = None

    @model_validator(mode="after")
    def _inferred_needs_reason(self) -> Dated:
        if self.date_inferred and not self.date_note:
            raise FieldError("date_note", "date_inferred is true: date_note must give the reason")
        return self


class Source(Record):
    id: Id
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    url_note: Text | None = None
    publisher: Text
    published: PartialDateText | None = None
    published_inferred: bool = False
    published_note: Text | None = None
    language: Lang
    original_language: Lang | None = None
    kind: Literal["news", "official", "related_item", "report"]
    parent: Id | None = None
    via: Text | None = None
    description_en: Text
    description_vi: Text

    @model_validator(mode="after")
    def _url_or_reason(self) -> Source:
        if not self.url and not self.url_note:
            raise FieldError(
                "url", "url is missing: give url, or url_note saying why it is unknown"
            )
        if self.published_inferred and not self.published_note:
            raise FieldError(
                "published_note", "published_inferred is true: published_note must give the reason"
            )
        return self


class Partner(Record):
    id: Id
    kind: Literal["country", "city", "organisation", "government_body"]
    side: Literal["foreign", "vietnam"]
    geo: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")] | None = None
    parent: Id | None = None
    name_vi: Text
    name_en: Text
    note_en: Text | None = None
    note_vi: Text | None = None

    @model_validator(mode="after")
    def _country_codes(self) -> Partner:
        if self.kind == "country":
            if len(self.id) != 3 or not self.id.isupper() or not self.id.isalpha():
                raise FieldError("id", "a country's id must be its ISO 3166-1 alpha-3 code")
            if not self.geo or len(self.geo) != 2:
                raise FieldError("geo", "a country needs geo: its ISO 3166-1 alpha-2 code")
        if self.kind == "city" and (not self.geo or "-" not in self.geo):
            raise FieldError("geo", "a city needs geo: its ISO 3166-2 code (e.g. VN-SG)")
        return self


class DomainGroup(Record):
    id: Id
    label_vi: Text
    label_en: Text


SYNONYM_LANGS = ("vi", "en", "fr", "no")


class Domain(Record):
    id: Id
    group: Id
    label_vi: Text
    label_en: Text
    description_en: Text | None = None
    synonyms: dict[Lang, list[Text]]

    @field_validator("synonyms")
    @classmethod
    def _all_languages(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [lang for lang in SYNONYM_LANGS if not value.get(lang)]
        if missing:
            raise ValueError(f"synonyms needed in {', '.join(missing)}")
        return value


Status = Literal["proposed", "agreed", "ongoing", "completed"]


class Link(Dated):
    """Partner cooperates (or proposes to) on one or more domains; one row per domain."""

    id: Id
    partner: Id
    domains: Annotated[list[Id], Field(min_length=1)]
    status: Status
    vn_actor: Id
    event: Id | None = None
    note_en: Text
    note_vi: Text
    sources: Annotated[list[Id], Field(min_length=1)]


class Event(Dated):
    id: Id
    type: Literal[
        "meeting",
        "agreement",
        "mou",
        "forum",
        "anniversary",
        "milestone",
        "programme",
        "conference",
        "research_campaign",
        "committee_session",
        "launch",
    ]
    status: Literal["held", "signed", "planned", "proposed", "ongoing", "completed"]
    end_date: PartialDateText | None = None
    title_vi: Text
    title_en: Text
    summary_en: Text | None = None
    summary_vi: Text | None = None
    location_en: Text | None = None
    location_vi: Text | None = None
    partners: list[Id] = []
    vn_actors: list[Id] = []
    domains: list[Id] = []
    sources: Annotated[list[Id], Field(min_length=1)]


STAGES = ("mentioned", "proposed", "drafting", "submitted", "adopted", "in_force")
Stage = Literal["mentioned", "proposed", "drafting", "submitted", "adopted", "in_force"]


class LegalStage(Dated):
    stage: Stage
    planned: bool = False
    votes_for: Annotated[int, Field(ge=0)] | None = None
    votes_present: Annotated[int, Field(ge=0)] | None = None
    sources: list[Id] = []

    @model_validator(mode="after")
    def _votes(self) -> LegalStage:
        if (
            self.votes_for is not None
            and self.votes_present is not None
            and self.votes_for > self.votes_present
        ):
            raise FieldError(
                "votes_for",
                f"votes_for ({self.votes_for}) exceeds votes_present ({self.votes_present})",
            )
        return self


class LegalInstrument(Record):
    id: Id
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    kind: Literal[
        "law", "decree", "decision", "resolution", "strategy", "plan", "programme", "policy"
    ]
    number: Text | None = None
    title_vi: Text
    title_en: Text
    issuer: Id | None = None
    effective: PartialDateText | None = None
    domains: list[Id] = []
    stages: Annotated[list[LegalStage], Field(min_length=1)]
    note_en: Text | None = None
    note_vi: Text | None = None
    sources: Annotated[list[Id], Field(min_length=1)]


class LegalCount(Record):
    """A number of instruments a source gives without naming them all."""

    id: Id
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    kind: Literal["law", "decree", "decision", "resolution"]
    stage: Stage
    count: Annotated[int, Field(ge=0)]
    as_of: PartialDateText
    due: PartialDateText | None = None
    planned: bool = False
    issuer: Id | None = None
    instruments: list[Id] = []
    description_en: Text
    description_vi: Text
    sources: Annotated[list[Id], Field(min_length=1)]


class Indicator(Record):
    id: Id
    label_vi: Text
    label_en: Text
    unit: Literal["percent", "rank", "laws", "count"]
    decimals: Annotated[int, Field(ge=0, le=4)] = 1
    direction: Literal["increase", "decrease"]
    description_en: Text
    description_vi: Text


class Target(Record):
    id: Id
    indicator: Id
    scope: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    title_vi: Text
    title_en: Text
    comparison: Literal["at_least", "at_most", "range", "rank_at_most"]
    value_low: float
    value_high: float | None = None
    deadline: PartialDateText | None = None
    base_period: PartialDateText | None = None
    legal_basis: Id | None = None
    legal_basis_text: Text | None = None
    note_en: Text | None = None
    note_vi: Text | None = None
    sources: Annotated[list[Id], Field(min_length=1)]

    @model_validator(mode="after")
    def _bounds(self) -> Target:
        if self.comparison == "range":
            if self.value_high is None:
                raise FieldError("value_high", "comparison 'range' needs value_high")
            if self.value_low > self.value_high:
                raise FieldError(
                    "value_low",
                    f"value_low ({self.value_low}) is greater than value_high ({self.value_high})",
                )
        elif self.value_high is not None:
            raise FieldError("value_high", "value_high is only allowed with comparison 'range'")
        return self


class Observation(Record):
    """One row of observations.csv."""

    indicator: Id
    geography: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    period: PartialDateText
    period_precision: Literal["day", "month", "year"]
    value: float
    value_high: float | None = None
    unit: Literal["percent", "rank", "laws", "count"]
    measure: Literal["apnic", "vnnic", "survey", "official", "unspecified"]
    measure_note: Text | None = None
    source: Id
    confidence: Literal["high", "medium", "low"]

    @model_validator(mode="after")
    def _consistent(self) -> Observation:
        actual = parse_partial_date(self.period).precision
        if actual != self.period_precision:
            raise FieldError(
                "period_precision",
                f"period '{self.period}' has precision {actual}, not {self.period_precision}",
            )
        if self.unit == "percent":
            for name, v in (("value", self.value), ("value_high", self.value_high)):
                if v is not None and not 0 <= v <= 100:
                    raise FieldError(name, f"{name} {v} is a percentage outside 0-100")
        if self.unit == "rank" and self.value < 1:
            raise FieldError("value", f"value {self.value} is not a rank (must be 1 or more)")
        if self.value_high is not None and self.value_high < self.value:
            raise FieldError(
                "value_high", f"value_high ({self.value_high}) is below value ({self.value})"
            )
        return self
