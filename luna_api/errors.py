"""One exception type per failure a caller can act on, each mapped once to an HTTP status.

Every error answer is JSON ``{"detail": "<message>"}``; stack traces never reach the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import PyMongoError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from luna_rabbit.connection import BrokerUnavailable

log = logging.getLogger(__name__)


class LunaError(Exception):
    """Base of the API's own errors; ``status_code`` and the message make the answer."""

    status_code = 500
    default_detail = "Internal server error"
    headers: dict[str, str] | None = None

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)


class InvalidCredentials(LunaError):
    status_code = 401
    # Identical for an unknown username and a wrong password.
    default_detail = "Invalid username or password"


class NotAuthenticated(LunaError):
    status_code = 401
    default_detail = "Not authenticated"
    headers = {"WWW-Authenticate": "Bearer"}


class NotAllowed(LunaError):
    status_code = 403
    default_detail = "This action needs the admin role"


class NotDermatologist(NotAllowed):
    default_detail = "This action needs the dermatologist role"


class ReviewConflict(LunaError):
    """A review or review request that the analysis' state does not allow (pending, failed,
    already reviewed, already requested)."""

    status_code = 409
    default_detail = "This analysis cannot be reviewed now"


class PasswordChangeRequired(LunaError):
    status_code = 403
    default_detail = (
        "This account has a temporary password: change it first (POST /api/me/password)"
    )


class WrongCurrentPassword(LunaError):
    status_code = 403
    default_detail = "The current password is not right"


class WeakPassword(LunaError):
    status_code = 422
    default_detail = "The password breaks the password rules"


class UserNotFound(LunaError):
    status_code = 404
    default_detail = "User not found"


class LastActiveAdmin(LunaError):
    status_code = 409
    default_detail = "The last active admin cannot be disabled or lose the admin role"


class AnalysisNotFound(LunaError):
    status_code = 404
    default_detail = "Analysis not found"


class ModelNotFound(LunaError):
    status_code = 404
    default_detail = "No result came from this model"


class UserAlreadyExists(LunaError):
    status_code = 409
    default_detail = "A user with this username or email already exists"


class InvalidImage(LunaError):
    status_code = 400
    default_detail = "The image could not be read"


class ImageTooLarge(LunaError):
    status_code = 413
    default_detail = "The image is too large"


class UnsupportedImageType(LunaError):
    status_code = 415
    default_detail = "Only JPEG and PNG images are accepted"


class InvalidDescription(LunaError):
    status_code = 422
    default_detail = "The description is too long"


class InvalidQuery(LunaError):
    status_code = 422
    default_detail = "Invalid query parameter"


class TooManyAttempts(LunaError):
    status_code = 429
    default_detail = "Too many failed sign-ins; try again later"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__()
        self.headers = {"Retry-After": str(max(1, retry_after_s))}


class ServiceUnavailable(LunaError):
    status_code = 503
    default_detail = "A service the API needs is unavailable; try again later"


def _json(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path"))


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return 400, "The request body is not valid JSON"
    parts = []
    for error in errors:
        field = _field_path(tuple(error.get("loc", ())))
        parts.append(f"{field}: {error.get('msg')}" if field else str(error.get("msg")))
    return 422, "Invalid request: " + "; ".join(parts)


# Refusals that go into the audit trail: who was turned away from what.
_AUDITED_REFUSALS = {401, 403, 404, 429}


def _audit_refusal(request: Request, exc: LunaError) -> None:
    """One "denied" event; sign-in writes its own. Never fails the answer it describes."""
    if getattr(request.state, "audited", False):
        return
    from luna_api.audit import audit  # the trail imports models; keep this module light

    try:
        audit(
            "access",
            outcome="denied",
            user=getattr(request.state, "audit_actor", None),
            analysis_id=request.path_params.get("analysis_id"),
            status=str(exc.status_code),
            method=request.method,
            path=request.url.path[:200],
        )
    except SQLAlchemyError as error:
        log.error("could not audit a refused request: %s", type(error).__name__)


def install_handlers(app: FastAPI) -> None:
    """Map every error type to its status, once, for the whole app."""

    @app.exception_handler(LunaError)
    def _luna(request: Request, exc: LunaError) -> JSONResponse:
        if exc.status_code in _AUDITED_REFUSALS:
            _audit_refusal(request, exc)
        return _json(exc.status_code, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, detail = _validation_message(exc)
        return _json(status, detail)

    # PostgreSQL away, or every pooled connection busy for longer than the pool's timeout.
    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    def _postgres(_: Request, exc: Exception) -> JSONResponse:
        log.error("users database unavailable: %s", type(exc).__name__)
        return _json(503, "The users database is unavailable; try again later")

    # Unreachable, or refusing the operation (a full disk or cache): either way a clear 503,
    # and a submission it refused was not published.
    @app.exception_handler(PyMongoError)
    def _mongo(_: Request, exc: PyMongoError) -> JSONResponse:
        code = getattr(exc, "code", None)
        log.error("results database unavailable: %s (code %s)", type(exc).__name__, code)
        return _json(503, "The results database is unavailable; try again later")

    @app.exception_handler(BrokerUnavailable)
    def _broker(_: Request, exc: BrokerUnavailable) -> JSONResponse:
        log.error("broker unavailable: %s", exc)
        return _json(503, "The analysis queue is unavailable; try again later")

    @app.exception_handler(Exception)
    def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Called after the except block has ended: the exception must be passed explicitly.
        log.error("unexpected error", exc_info=exc)
        return _json(500, "Internal server error")
