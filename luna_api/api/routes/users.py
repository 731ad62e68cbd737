"""Users: registration by an admin, and the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, status

from luna_api import crud
from luna_api.api.deps import AdminUser, CurrentUser, SessionDep
from luna_api.audit import audit
from luna_api.models import User
from luna_api.schemas import Message, SignUp, UserPublic

router = APIRouter(prefix="/api", tags=["users"])


def _public(user: User) -> UserPublic:
    return UserPublic(id=user.id, username=user.username, email=user.email, roles=user.role_names)


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    responses={403: {"model": Message}, 409: {"model": Message}},
)
def sign_up(body: SignUp, session: SessionDep, admin: AdminUser) -> UserPublic:
    """Register a user (admins only); 409 when the username or email is taken."""
    user = crud.create_user(
        session=session,
        username=body.username,
        email=body.email.lower(),
        password=body.password,
        roles=body.roles,
    )
    audit("signup", user=admin.pseudonym, new_user=user.pseudonym, roles=",".join(body.roles))
    return _public(user)


@router.get("/me", response_model=UserPublic)
def read_me(user: CurrentUser) -> UserPublic:
    """The caller's username, email and roles."""
    return _public(user)
