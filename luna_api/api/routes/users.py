"""Users: registration and the account lifecycle by an admin, and the caller's own account."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, status

from luna_api import crud
from luna_api.api.deps import (
    AdminUser,
    ClientAddress,
    RuntimeDep,
    SessionDep,
    SignedInUser,
)
from luna_api.api.routes.login import signed_in_answer
from luna_api.audit import audit
from luna_api.core.passwords import password_problem
from luna_api.core.security import verify_password
from luna_api.errors import UserNotFound, WeakPassword, WrongCurrentPassword
from luna_api.json_body import JsonRoute
from luna_api.models import User
from luna_api.schemas import (
    Message,
    PasswordChange,
    SignInResponse,
    SignUp,
    TemporaryPassword,
    TemporaryPasswordSet,
    UserAccount,
    UserPublic,
    UserUpdate,
)

router = APIRouter(prefix="/api", tags=["users"], route_class=JsonRoute)

_ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Message} for code in (401, 403, 404, 409, 422)
}
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _public(user: User) -> UserPublic:
    return UserPublic(id=user.id, username=user.username, email=user.email, roles=user.role_names)


def _account(user: User) -> UserAccount:
    return UserAccount(
        id=user.id,
        username=user.username,
        email=user.email,
        roles=user.role_names,
        active=user.active,
        must_change_password=user.must_change_password,
        created_at=user.created_at,
        last_sign_in_at=user.last_sign_in_at,
    )


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
    audit(
        "signup",
        user=admin.pseudonym,
        target_user=user.pseudonym,
        new_user=user.pseudonym,
        roles=",".join(body.roles),
    )
    return _public(user)


@router.get("/me", response_model=UserPublic)
def read_me(user: SignedInUser) -> UserPublic:
    """The caller's username, email and roles (also while a temporary password is pending)."""
    return _public(user)


@router.post(
    "/me/password",
    response_model=SignInResponse,
    responses={code: {"model": Message} for code in (401, 403, 422, 429)},
)
def change_my_password(
    body: PasswordChange,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    user: SignedInUser,
    client: ClientAddress,
) -> SignInResponse:
    """Change one's own password. Every earlier token stops working; the answer carries a new
    one. Wrong current password: 403 (throttled like sign-in); a weak new one: 422."""
    throttle = runtime.sign_in_throttle
    with throttle.checking(client):
        throttle.count_attempt(session, user.username, client)
        right = verify_password(body.current_password, user.password_hash)
    if not right:
        request.state.audited = True
        audit("password_change", outcome="failure", user=user.pseudonym, target_user=user.pseudonym)
        raise WrongCurrentPassword()
    throttle.forget_attempt(session, user.username, client)
    session.commit()
    problem = password_problem(body.new_password, username=user.username, email=user.email)
    if problem is None and verify_password(body.new_password, user.password_hash):
        problem = "The new password must differ from the current one"
    if problem:
        raise WeakPassword(problem)
    account = session.get(User, user.id)
    if account is None:
        raise UserNotFound()
    crud.set_password(session=session, user=account, password=body.new_password, temporary=False)
    audit("password_change", user=user.pseudonym, target_user=user.pseudonym, session=session)
    session.commit()
    return signed_in_answer(runtime, account)


@router.get("/users", response_model=list[UserAccount], responses=_ADMIN_ERRORS)
def list_users(session: SessionDep, admin: AdminUser) -> list[UserAccount]:
    """Every account with its roles, active flag, creation and last sign-in dates (admins)."""
    users = crud.list_users(session=session)
    audit("user_list", user=admin.pseudonym, count=str(len(users)))
    return [_account(user) for user in users]


@router.patch("/users/{user_id}", response_model=UserAccount, responses=_ADMIN_ERRORS)
def update_user(
    user_id: UserId, body: UserUpdate, session: SessionDep, admin: AdminUser
) -> UserAccount:
    """Enable or disable an account and/or set its roles (admins). Disabling stops every
    token of the user at once; the last active admin cannot be disabled or demoted (409)."""
    user, changes = crud.update_user(
        session=session, user_id=user_id, active=body.active, roles=body.roles
    )
    audit(
        "user_update", user=admin.pseudonym, target_user=user.pseudonym, session=session, **changes
    )
    session.commit()
    return _account(user)


@router.post(
    "/users/{user_id}/password", response_model=TemporaryPasswordSet, responses=_ADMIN_ERRORS
)
def set_temporary_password(
    user_id: UserId, session: SessionDep, admin: AdminUser, body: TemporaryPassword | None = None
) -> TemporaryPasswordSet:
    """Give a user a temporary password (admins): their tokens stop working, and after the
    next sign-in only the password change is allowed. Without one in the body, a random one
    is made and returned."""
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    password = (body.password if body else None) or secrets.token_urlsafe(12)
    if problem := password_problem(password, username=user.username, email=user.email):
        raise WeakPassword(problem)
    crud.set_password(session=session, user=user, password=password, temporary=True)
    audit("password_reset", user=admin.pseudonym, target_user=user.pseudonym, session=session)
    session.commit()
    return TemporaryPasswordSet(temporary_password=password)
