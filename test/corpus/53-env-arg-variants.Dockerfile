ARG BASE=golang
ARG TAG="1.22-alpine"
FROM ${BASE}:${TAG}
ARG A=1 B=2
ENV A=$A \
    B="${B:-default}" \
    C='single quoted' \
    D=with\ space
ENV PATH=/go/bin:$PATH
ENV TZ=Europe/Paris
WORKDIR ${HOME:-/root}/src
COPY . .
RUN go build -o $HOME/bin/app .
CMD $HOME/bin/app --tz "$TZ"
