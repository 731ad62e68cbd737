"""Request and response bodies of the HTTP API (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from luna_api.analysis_views import AnalysisRecord
from luna_api.core.passwords import MIN_LENGTH, RULES, password_problem
from luna_common.clinical_terms import (
    BodySite,
    Impression,
    Recommendation,
    clean_patient_reference,
)

RoleName = Literal["admin", "user", "dermatologist"]


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class SignIn(CamelModel):
    # PostgreSQL text cannot hold NUL, so a NUL is refused here instead of failing the query.
    username: str = Field(min_length=1, max_length=256, pattern=r"^[^\x00]+$")
    password: str = Field(min_length=1, max_length=1024)


class UserPublic(CamelModel):
    id: int
    username: str
    email: str
    roles: list[str]


class SignInResponse(UserPublic):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds until the token expires")
    must_change_password: bool = Field(
        default=False,
        description="true after an admin set a temporary password: until it is changed with "
        "POST /api/me/password, every other endpoint answers 403",
    )


def _default_roles() -> list[RoleName]:
    return ["user"]


class SignUp(CamelModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    email: str = Field(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")
    password: str = Field(min_length=MIN_LENGTH, max_length=256, description=RULES)
    roles: list[RoleName] = Field(default_factory=_default_roles, min_length=1)

    @model_validator(mode="after")
    def _password_keeps_the_rules(self) -> SignUp:
        if problem := password_problem(self.password, username=self.username, email=self.email):
            raise ValueError(problem)
        return self


class UserAccount(UserPublic):
    """An account as admins see it."""

    active: bool
    must_change_password: bool
    created_at: datetime
    last_sign_in_at: datetime | None


class UserUpdate(CamelModel):
    model_config = ConfigDict(extra="forbid")

    active: bool | None = None
    roles: list[RoleName] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _says_what_to_change(self) -> UserUpdate:
        if self.active is None and self.roles is None:
            raise ValueError("give active and/or roles")
        return self


class PasswordChange(CamelModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(max_length=256, description=RULES)


class TemporaryPassword(CamelModel):
    """The temporary password to set; without one, the API makes a random one."""

    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(
        default=None,
        max_length=256,
        validation_alias=AliasChoices("password", "temporaryPassword", "newPassword"),
        description=RULES,
    )


class TemporaryPasswordSet(CamelModel):
    temporary_password: str = Field(description="give it to the user; it works for one sign-in")
    must_change_password: Literal[True] = True


class AuditEventOut(CamelModel):
    id: int = Field(description="the event's place in the hash chain")
    at: datetime
    action: str
    outcome: str
    user_id: int | None = Field(description="who acted (none when unknown)")
    username: str | None
    target_user_id: int | None = Field(description="the account changed, for account events")
    analysis_ids: list[str]
    client: str | None
    details: dict[str, Any]
    hash: str


class AuditPage(CamelModel):
    items: list[AuditEventOut]
    total: int
    page: int
    page_size: int


class ImageProcessRequest(CamelModel):
    image: str = Field(description="base64 JPEG or PNG; a data-URL prefix is accepted")
    description: str | None = None
    patient_reference: str | None = Field(
        default=None,
        description="the clinic's record number (never a name): up to 64 characters, "
        "letters A-Z, digits and . _ / : # -, at least one digit, no spaces",
    )
    body_site: BodySite | None = Field(
        default=None, description="SIIM-ISIC anatomical site of the lesion"
    )

    @field_validator("patient_reference")
    @classmethod
    def _record_number_not_name(cls, value: str | None) -> str | None:
        return clean_patient_reference(value)


def clean_free_text(value: str | None) -> str | None:
    """Trimmed text, None when blank; ValueError for text that cannot be stored."""
    if value is None or not (trimmed := value.strip()):
        return None
    try:
        trimmed.encode("utf-8")  # lone surrogates cannot be stored
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode text") from exc
    return trimmed


class ReviewRequest(CamelModel):
    model_config = ConfigDict(extra="forbid")

    question: str | None = Field(default=None, max_length=1000)

    _clean_question = field_validator("question")(clean_free_text)


class ReviewSubmission(CamelModel):
    """A dermatologist's opinion; ``amends: true`` replaces an earlier one (which is kept)."""

    model_config = ConfigDict(extra="forbid")

    impression: Impression
    recommendation: Recommendation
    agrees_with_model: StrictBool
    comment: str | None = Field(default=None, max_length=4000)
    amends: StrictBool = False

    _clean_comment = field_validator("comment")(clean_free_text)


class ImageProcessResponse(CamelModel):
    id: str
    status: Literal["pending"] = "pending"
    creation_date: datetime


class AnalysisPage(CamelModel):
    items: list[AnalysisRecord]
    total: int
    page: int
    page_size: int


class ReviewPage(CamelModel):
    items: list[AnalysisRecord]
    total: int
    page: int
    page_size: int


class Message(CamelModel):
    detail: str


class Health(CamelModel):
    status: Literal["ok", "degraded"]
    postgres: bool
    mongo: bool
    broker: bool
