#syntax=docker/dockerfile:1.7-labs
# check=skip=JSONArgsRecommended
#   escape = \
FROM golang:1.22
COPY --parents ./cmd/*/main.go /src/
CMD go version
