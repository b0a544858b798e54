FROM ubuntu:22.04
RUN apt-get update && \
    # install the toolchain
    apt-get install -y \
        golang-go \
        # git is needed for go get
        git \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cd /src && go build -o /usr/bin/app .
CMD ["/usr/bin/app"]
