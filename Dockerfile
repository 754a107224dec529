# syntax=docker/dockerfile:1

# Build: go-sqlite3 needs cgo, so the builder has a C toolchain.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/hirebot ./cmd/hirebot

# Run: a small glibc image (the binary links against libc through cgo), as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home hirebot
COPY --from=build /out/hirebot /usr/local/bin/hirebot
USER hirebot
WORKDIR /data
# The database is ./hirebot.db in /data, or ./hirebot-playground.db for the playground, so the
# playground's pretend data never lands in the real database. Without Slack tokens hirebot starts
# the playground; in a container it must listen on every interface for `docker run -p 8080:8080`
# to reach it, and it logs a warning saying that it has no login.
ENV HIREBOT_HTTP_ADDR=:8081 \
    HIREBOT_PLAYGROUND_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["/usr/local/bin/hirebot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/hirebot"]
