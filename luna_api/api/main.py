"""All routers of the API in one."""

from __future__ import annotations

from fastapi import APIRouter

from luna_api.api.routes import analyses, audit, fhir, health, login, models, reviews, users

api_router = APIRouter()
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(analyses.router)
api_router.include_router(reviews.router)
api_router.include_router(fhir.router)
api_router.include_router(models.router)
api_router.include_router(audit.router)
api_router.include_router(health.router)
