"""Dependencies as ``Annotated`` aliases, so route signatures read like sentences.

The ones that only compute are ``async``: FastAPI runs a plain ``def`` dependency on a worker
thread, and each such hop cost about as much as the computation itself under load. Those that
wait for PostgreSQL stay plain functions, so the event loop never waits.
"""

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
from luna_api.errors import (
    NotAllowed,
    NotAuthenticated,
    NotDermatologist,
    PasswordChangeRequired,
)
from luna_api.models import ADMIN_ROLE, DERMATOLOGIST_ROLE, User

log = logging.getLogger(__name__)


async def get_runtime(request: Request) -> Runtime:
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


async def get_token_claims(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenClaims:
    """The claims of a well-formed, validly signed, unexpired bearer token; 401 otherwise."""
    if credentials is None:
        raise NotAuthenticated("Missing bearer token (Authorization: Bearer <accessToken>)")
    try:
        return decode_access_token(credentials.credentials, key=runtime.jwt_key)
    except InvalidToken as exc:
        raise NotAuthenticated(str(exc)) from exc


TokenClaimsDep = Annotated[TokenClaims, Depends(get_token_claims)]


def get_signed_in_user(request: Request, runtime: RuntimeDep, claims: TokenClaimsDep) -> User:
    """The token's user, if the token is unrevoked and the account active; 401 otherwise.

    It reads on a session of its own, closed before the route runs, so a request never holds
    two connections (the audit trail takes its own): holding one while waiting for another is
    what deadlocked the pool under concurrent sign-ins (issue 11, defect 1). The user comes
    back detached with its roles loaded; a route that changes it loads it in its own session.
    """
    with runtime.session_factory() as session:
        # A read alone: no BEGIN and COMMIT round trips around it.
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        user, revoked = crud.token_user(session=session, user_id=claims.user_id, jti=claims.jti)
    if revoked:
        raise NotAuthenticated("The access token has been revoked; sign in again")
    if user is None:
        raise NotAuthenticated("The user of this token no longer exists")
    request.state.audit_actor = user.pseudonym
    if not user.active:
        raise NotAuthenticated("This account is disabled")
    if claims.version != user.token_version:
        raise NotAuthenticated("The access token has been revoked; sign in again")
    return user


SignedInUser = Annotated[User, Depends(get_signed_in_user)]


async def get_current_user(user: SignedInUser) -> User:
    """A signed-in user who has no temporary password left to change (403 otherwise)."""
    if user.must_change_password:
        raise PasswordChangeRequired()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_current_admin(user: CurrentUser) -> User:
    if ADMIN_ROLE not in user.role_names:
        raise NotAllowed()
    return user


AdminUser = Annotated[User, Depends(get_current_admin)]


async def get_current_dermatologist(user: CurrentUser) -> User:
    if DERMATOLOGIST_ROLE not in user.role_names:
        raise NotDermatologist()
    return user


DermatologistUser = Annotated[User, Depends(get_current_dermatologist)]


async def client_address(request: Request) -> str:
    """The client's address: the peer's, or a trusted proxy's X-Forwarded-For (see main)."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]
