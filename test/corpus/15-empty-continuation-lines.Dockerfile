FROM golang:1.21
RUN echo one \

    && echo two \

    && echo three
WORKDIR /app
COPY . .
RUN go build \
  -o app \

  .
CMD ["./app"]
