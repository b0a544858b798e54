From golang:1.11.1 as go-mods
Workdir /go/src/github.com/acme/tool
Copy go.mod go.sum ./
Run go mod download

from go-mods AS BUILD
COPY . .
rUn CGO_ENABLED=0 go build -o /tool .

FROM scratch
CoPy --from=BUILD /tool /tool
EntryPoint ["/tool"]
