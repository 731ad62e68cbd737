"""Health: can the API reach PostgreSQL, MongoDB and the broker? For compose healthchecks."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pymongo.errors import PyMongoError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from luna_api.api.deps import RuntimeDep
from luna_api.json_body import JsonRoute
from luna_api.schemas import Health
from luna_rabbit.connection import BrokerUnavailable

router = APIRouter(tags=["health"], route_class=JsonRoute)


def _postgres_ok(runtime: RuntimeDep) -> bool:
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def _mongo_ok(runtime: RuntimeDep) -> bool:
    try:
        runtime.mongo.command("ping")
        return True
    except PyMongoError:
        return False


def _broker_ok(runtime: RuntimeDep) -> bool:
    try:
        runtime.publisher.check()
        return True
    except BrokerUnavailable:
        return False


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(runtime: RuntimeDep) -> JSONResponse:
    """200 when every service answers, 503 (with which one failed) otherwise."""
    report = Health(
        status="ok",
        postgres=_postgres_ok(runtime),
        mongo=_mongo_ok(runtime),
        broker=_broker_ok(runtime),
    )
    healthy = report.postgres and report.mongo and report.broker
    if not healthy:
        report.status = "degraded"
    return JSONResponse(report.model_dump(by_alias=True), status_code=200 if healthy else 503)
