"""Signing in and out (paths of the original LUNA design: /signin, /logout)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, status

from luna_api import crud
from luna_api.api.deps import ClientAddress, RuntimeDep, SessionDep, SignedInUser, TokenClaimsDep
from luna_api.audit import audit
from luna_api.core.runtime import Runtime
from luna_api.core.security import create_access_token, verify_password
from luna_api.errors import InvalidCredentials, TooManyAttempts
from luna_api.json_body import JsonRoute
from luna_api.models import User
from luna_api.schemas import Message, SignIn, SignInResponse

router = APIRouter(tags=["login"], route_class=JsonRoute)


def signed_in_answer(runtime: Runtime, user: User) -> SignInResponse:
    """A fresh token for ``user`` at its current token version, with the account's data."""
    token, _ = create_access_token(
        user_id=user.id,
        key=runtime.jwt_key,
        expires_in=runtime.token_lifetime,
        version=user.token_version,
    )
    return SignInResponse(
        id=user.id,
        username=user.username,
        email=user.email,
        roles=user.role_names,
        access_token=token,
        expires_in=int(runtime.token_lifetime.total_seconds()),
        must_change_password=user.must_change_password,
    )


@router.post(
    "/signin",
    response_model=SignInResponse,
    responses={401: {"model": Message}, 429: {"model": Message}},
)
def sign_in(
    body: SignIn,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    client: ClientAddress,
) -> SignInResponse:
    """Exchange username and password for an access token.

    ``mustChangePassword: true`` in the answer: the password is a temporary one an admin set;
    the token then works only for POST /api/me/password, GET /api/me and POST /logout.
    One database connection at a time, none while the password hash is checked.
    """
    request.state.audited = True  # this route writes its own events, 429 included
    throttle = runtime.sign_in_throttle
    try:
        with throttle.checking(client):
            throttle.count_attempt(session, body.username, client)
            user = crud.get_user_by_username(session=session, username=body.username)
            session.commit()  # no connection held during the slow hash
            # Always verify (a dummy hash for unknown users) so timing does not tell them apart.
            right = verify_password(body.password, user.password_hash if user else None)
    except TooManyAttempts:
        known = crud.get_user_by_username(session=session, username=body.username)
        audit(
            "signin", outcome="throttled", user=known.pseudonym if known else None, session=session
        )
        session.commit()
        raise
    if user is None or not right or not user.active:
        throttle.forget_stale(session)
        reason = "disabled" if user is not None and right else "wrong_credentials"
        audit(
            "signin",
            outcome="failure",
            user=user.pseudonym if user else None,
            session=session,
            reason=reason,
        )
        session.commit()
        raise InvalidCredentials()
    throttle.forget_attempt(session, body.username, client)
    user.last_sign_in_at = datetime.now(UTC)
    session.add(user)
    audit("signin", user=user.pseudonym, session=session)
    session.commit()
    return signed_in_answer(runtime, user)


@router.post("/logout", status_code=status.HTTP_200_OK, response_model=Message)
def log_out(session: SessionDep, claims: TokenClaimsDep, user: SignedInUser) -> Message:
    """Revoke this access token; it stops working at once."""
    crud.revoke_token(session=session, jti=claims.jti, expires_at=claims.expires_at)
    audit("logout", user=user.pseudonym)
    return Message(detail="Signed out")
