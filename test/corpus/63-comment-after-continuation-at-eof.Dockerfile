FROM golang:1.22
RUN apk add --no-cache git \
    # make is not needed any more
