# escape=`
FROM golang:1.14-windowsservercore-1809
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\gopath\src\app
COPY . .
RUN go build -o app.exe . ; `
    Write-Host 'built'
CMD ["app.exe"]
