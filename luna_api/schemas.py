"""Request and response bodies of the HTTP API (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from luna_common.analysis_record import AnalysisRecord

RoleName = Literal["admin", "user"]


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


def _default_roles() -> list[RoleName]:
    return ["user"]


class SignUp(CamelModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    email: str = Field(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")
    password: str = Field(min_length=8, max_length=256)
    roles: list[RoleName] = Field(default_factory=_default_roles, min_length=1)


class ImageProcessRequest(CamelModel):
    image: str = Field(description="base64 JPEG or PNG; a data-URL prefix is accepted")
    description: str | None = None


class ImageProcessResponse(CamelModel):
    id: str
    status: Literal["pending"] = "pending"
    creation_date: datetime


class AnalysisPage(CamelModel):
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
