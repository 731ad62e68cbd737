# LUNA's Python services, each an image built from one shared base stage:
#   docker build --target api .        (also: analyzer, registrar)
# Each image holds the shared contracts (luna_common, luna_rabbit) and only what its service
# imports: the API carries luna_model for its torch-free preprocessing (it makes the model-input
# rendition that travels to the analyzers) but never imports the network; neither the API nor
# the registrar carries PyTorch. Images run as the unprivileged user 10001 and write only to /tmp (the Helm chart
# mounts a read-only root filesystem with an emptyDir there).

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --gid 10001 luna && useradd --create-home --uid 10001 --gid 10001 luna
WORKDIR /srv/luna
COPY pyproject.toml README.md ./
COPY luna_common ./luna_common
COPY luna_rabbit ./luna_rabbit

FROM base AS api
COPY luna_model ./luna_model
COPY luna_api ./luna_api
RUN pip install ".[api]"
USER 10001:10001
EXPOSE 8090 9100
CMD ["luna-api"]

FROM base AS analyzer
COPY luna_model ./luna_model
COPY luna_analyzer_worker ./luna_analyzer_worker
RUN pip install ".[model]"
USER 10001:10001
EXPOSE 9100
CMD ["luna-analyzer"]

FROM base AS registrar
COPY luna_data_worker ./luna_data_worker
RUN pip install "."
USER 10001:10001
EXPOSE 9100
CMD ["luna-registrar"]
