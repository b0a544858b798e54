# escape=`
FROM golang:1.22
# backslashes are literal with a backtick escape
RUN echo C:\not\a\continuation
RUN go build `
  -o /app `
  .
COPY ["a b", "/dst/"]
CMD ["/app"]
