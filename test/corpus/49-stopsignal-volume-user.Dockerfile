FROM golang:1.22 AS build
COPY . /src
RUN cd /src && go build -o /app .
FROM debian:12-slim
RUN groupadd -r app && useradd -r -g app -u 10001 app
COPY --from=build /app /usr/local/bin/app
VOLUME ["/data", "/logs"]
VOLUME /cache
STOPSIGNAL SIGTERM
USER app:app
ENTRYPOINT ["/usr/local/bin/app"]
