# escape=`

FROM golang:1.17.0 AS builder
WORKDIR C:\src
COPY . .
RUN go build

FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:\app
COPY --from=builder C:\src\go-info.exe C:\app\
RUN powershell -Command `
    $ErrorActionPreference = 'Stop'; `
    Write-Host "hello from \windows"
ENTRYPOINT ["C:\\app\\go-info.exe"]
