"""Signing in and out (paths of the original LUNA design: /signin, /logout)."""

from __future__ import annotations

from fastapi import APIRouter, status

from luna_api import crud
from luna_api.api.deps import ClientAddress, CurrentUser, RuntimeDep, SessionDep, TokenClaimsDep
from luna_api.audit import audit
from luna_api.core.security import create_access_token, verify_password
from luna_api.errors import InvalidCredentials
from luna_api.schemas import Message, SignIn, SignInResponse

router = APIRouter(tags=["login"])


@router.post(
    "/signin",
    response_model=SignInResponse,
    responses={401: {"model": Message}, 429: {"model": Message}},
)
def sign_in(
    body: SignIn, runtime: RuntimeDep, session: SessionDep, client: ClientAddress
) -> SignInResponse:
    """Exchange username and password for an access token."""
    limiter = runtime.login_limiter
    limiter.check(body.username, client)
    user = crud.get_user_by_username(session=session, username=body.username)
    # Always verify (against a dummy hash for unknown users) so timing does not tell them apart.
    if not verify_password(body.password, user.password_hash if user else None) or user is None:
        limiter.record_failure(body.username, client)
        audit("signin", outcome="failure", user=user.pseudonym if user else None, client=client)
        raise InvalidCredentials()
    limiter.record_success(body.username)
    token, claims = create_access_token(
        user_id=user.id, key=runtime.jwt_key, expires_in=runtime.token_lifetime
    )
    audit("signin", user=user.pseudonym, client=client)
    return SignInResponse(
        id=user.id,
        username=user.username,
        email=user.email,
        roles=user.role_names,
        access_token=token,
        expires_in=int(runtime.token_lifetime.total_seconds()),
    )


@router.post("/logout", status_code=status.HTTP_200_OK, response_model=Message)
def log_out(session: SessionDep, claims: TokenClaimsDep, user: CurrentUser) -> Message:
    """Revoke this access token; it stops working at once."""
    crud.revoke_token(session=session, jti=claims.jti, expires_at=claims.expires_at)
    audit("logout", user=user.pseudonym)
    return Message(detail="Signed out")
