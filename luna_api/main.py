"""Builds the LUNA API: ``create_app(settings)``; the lifespan prepares every service client."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pymongo.errors import PyMongoError
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from luna_api.api.main import api_router
from luna_api.audit.trail import AuditTrail
from luna_api.body_limit import BodySizeLimit
from luna_api.core import db
from luna_api.core.config import ApiSettings
from luna_api.core.production_checks import refuse_insecure_production
from luna_api.core.runtime import Runtime
from luna_api.core.security import signing_key
from luna_api.errors import install_handlers
from luna_api.http_headers import AuditContext, SecurityHeaders
from luna_api.metrics import instrument
from luna_api.sign_in_throttle import SignInThrottle
from luna_common import analysis_record
from luna_rabbit.connection import BrokerUnavailable
from luna_rabbit.publishing import PublisherPool

log = logging.getLogger(__name__)


def start_runtime(settings: ApiSettings) -> Runtime:
    """Migrate the users database, make the first admin, connect to MongoDB and the broker."""
    engine = db.make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_overflow,
        pool_timeout_s=settings.database_pool_timeout_seconds,
    )
    try:
        db.migrate_to_head(engine)
    except OperationalError as exc:
        engine.dispose()
        log.error("PostgreSQL is unreachable at %s: %s", engine.url.render_as_string(), exc.orig)
        raise RuntimeError("the users database (PostgreSQL) is unreachable") from exc
    session_factory = db.make_session_factory(engine)
    db.ensure_first_admin(session_factory, settings)
    mongo = analysis_record.connect(settings.mongo_url, settings.mongo_db)
    try:
        analysis_record.ensure_indexes(mongo)
    except PyMongoError as exc:
        # Not fatal: requests answer 503 until MongoDB is back; indexes are made on next start.
        log.warning("MongoDB unreachable at start, indexes not ensured: %s", type(exc).__name__)
    # The API starts even while the broker is away; each publish reconnects when needed.
    publisher = PublisherPool(settings.rabbitmq_url, settings.delivery_limit)
    try:
        publisher.check()  # declares the topology early; the first publish retries anyway
    except BrokerUnavailable as exc:
        log.warning("broker unreachable at start, submissions answer 503 until it is back: %s", exc)
    throttle = SignInThrottle(
        max_failures=settings.login_max_failures,
        max_failures_per_address=settings.login_max_failures_per_address,
        window_s=settings.login_window_seconds,
        backoff_s=settings.login_backoff_seconds,
        concurrent_per_address=settings.login_concurrent_per_address,
    )
    return Runtime(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        jwt_key=signing_key(settings),
        mongo=mongo,
        publisher=publisher,
        sign_in_throttle=throttle,
        audit_trail=AuditTrail(engine),
    )


def stop_runtime(runtime: Runtime) -> None:
    runtime.audit_trail.close()
    runtime.publisher.close()
    runtime.mongo.client.close()
    runtime.engine.dispose()


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """The API app; settings come from LUNA_* environment variables unless given.

    In production, placeholder or weak secrets are refused here (InsecureSettings)."""
    settings = settings or ApiSettings()
    refuse_insecure_production(settings)
    docs = (
        settings.api_docs
        if settings.api_docs is not None
        else (settings.environment != "production")
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await run_in_threadpool(start_runtime, settings)
        app.state.runtime = runtime
        try:
            yield
        finally:
            await run_in_threadpool(stop_runtime, runtime)

    app = FastAPI(
        title="LUNA API",
        summary="Melanoma pre-diagnosis support: sign in, submit skin-lesion photos, read results.",
        version="0.1.0",
        lifespan=lifespan,
        # Off in production unless LUNA_API_DOCS=true: no map of the API for strangers.
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    install_handlers(app)
    app.include_router(api_router)
    # base64 makes a body about 4/3 of the image; leave room for the description and JSON.
    body_limit = int(settings.max_image_bytes * 1.4) + 4 * settings.max_description_chars + 4096
    app.add_middleware(BodySizeLimit, max_bytes=body_limit)
    # Middleware added last runs first: forwarded headers are resolved before anything else
    # sees the client's address.
    app.add_middleware(AuditContext)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Retry-After"],
    )
    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    instrument(app)  # added last, so outermost: it also counts the 413s of the body limit
    return app
