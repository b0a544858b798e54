ARG GO_IMG
FROM $GO_IMG
ARG CWD
WORKDIR $CWD
RUN apk add --no-cache gcc musl-dev
COPY . .
RUN go build -o stock-miner .
CMD ["./stock-miner"] \
HEALTHCHECK --interval=1m CMD ./stock-miner -health
