# syntax=docker/dockerfile:1
#
# jixiao serve in a container: a static binary (templates and fonts are
# embedded) on a minimal base, as a non-root user.
#
#   docker build -t jixiao .
#   docker run --rm -p 8080:8080 jixiao
#
# Configure with JIXIAO_* environment variables (see docs/api.md), e.g.
#   docker run --rm -p 8080:8080 -e JIXIAO_API_KEYS=… -e GOMEMLIMIT=400MiB jixiao

FROM golang:1.26.8 AS build
WORKDIR /src
COPY go.mod go.sum ./
COPY third_party ./third_party
RUN go mod download
COPY . .
# The README's build command, static. The tags leave out what gin and the
# Prometheus client link but the service does not offer (gin's MessagePack,
# YAML, TOML, BSON and protobuf codecs, its QUIC server and default
# validator; expvar): code and start-up every command paid for
# (third_party/README.md, docs/performance.md).
RUN CGO_ENABLED=0 go build -trimpath -tags nomsgpack,noyaml,notoml,nobson,noprotobuf,noquic,novalidator,noexpvar -o jixiao ./cmd/jixiao

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/jixiao /usr/local/bin/jixiao
USER nonroot:nonroot
ENV JIXIAO_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/jixiao", "serve", "--healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/jixiao"]
CMD ["serve"]
