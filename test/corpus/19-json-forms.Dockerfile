FROM golang:1.22
WORKDIR /app
COPY [ "go.mod", "go.sum", "./" ]
RUN ["go", "mod", "download"]
COPY ["main.go", "./"]
RUN ["go","build","-o","/app/main","."]
ENTRYPOINT [ "/app/main" ]
CMD ["--port", "8080"]
