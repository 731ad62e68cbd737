"""Dependencies as ``Annotated`` aliases, so route signatures read like sentences."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from luna_api import crud
from luna_api.core.runtime import Runtime
from luna_api.core.security import InvalidToken, TokenClaims, decode_access_token
from luna_api.errors import NotAllowed, NotAuthenticated, NotDermatologist
from luna_api.models import ADMIN_ROLE, DERMATOLOGIST_ROLE, User

log = logging.getLogger(__name__)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    session = runtime.session_factory()
    try:
        yield session
    finally:
        # The answer is already sent: a database that went away meanwhile is worth one line.
        try:
            session.close()
        except SQLAlchemyError as exc:
            log.warning("closing a database session failed: %s", type(exc).__name__)


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="The accessToken from POST /signin")


def get_token_claims(
    runtime: RuntimeDep,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenClaims:
    """The claims of a valid, unrevoked bearer token; 401 otherwise."""
    if credentials is None:
        raise NotAuthenticated("Missing bearer token (Authorization: Bearer <accessToken>)")
    try:
        claims = decode_access_token(credentials.credentials, key=runtime.jwt_key)
    except InvalidToken as exc:
        raise NotAuthenticated(str(exc)) from exc
    if crud.is_token_revoked(session=session, jti=claims.jti):
        raise NotAuthenticated("The access token has been revoked; sign in again")
    return claims


TokenClaimsDep = Annotated[TokenClaims, Depends(get_token_claims)]


def get_current_user(session: SessionDep, claims: TokenClaimsDep) -> User:
    user = crud.get_user(session=session, user_id=claims.user_id)
    if user is None:
        raise NotAuthenticated("The user of this token no longer exists")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_admin(user: CurrentUser) -> User:
    if ADMIN_ROLE not in user.role_names:
        raise NotAllowed()
    return user


AdminUser = Annotated[User, Depends(get_current_admin)]


def get_current_dermatologist(user: CurrentUser) -> User:
    if DERMATOLOGIST_ROLE not in user.role_names:
        raise NotDermatologist()
    return user


DermatologistUser = Annotated[User, Depends(get_current_dermatologist)]


def client_address(request: Request) -> str:
    """The peer address; behind a proxy, run uvicorn with --proxy-headers to get the client's."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]
