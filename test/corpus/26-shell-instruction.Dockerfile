FROM golang:1.22
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | bash
SHELL [ "/bin/sh", "-c" ]
WORKDIR /app
COPY . .
RUN go build -o app . | tee build.log
CMD ./app
