# syntax=docker/dockerfile:1
# Multi-stage build: the web app, then a static Go binary, then a minimal image
# that runs as a non-root user.

FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend/ ./
# The build generates the client's types from the API contract.
COPY api/openapi.yaml /src/api/openapi.yaml
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The binary carries the built web app (-tags embed), so the image is one file.
COPY --from=web /src/frontend/dist /src/frontend/dist
# glebarez/sqlite is pure Go, so the binary needs no C library.
RUN CGO_ENABLED=0 go build -tags embed -trimpath -ldflags="-s -w" -o /out/juri . && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/juri /app/juri
# The data directory belongs to the user Juri runs as; a named volume mounted
# there starts with this ownership. (distroless has no shell to chown later.)
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV JURI_ADDR=:8080 \
    JURI_DATA_DIR=/data \
    JURI_ENV=production
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/app/juri"]
CMD ["serve"]
