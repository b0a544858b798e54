import { test } from 'uvu';
import { type InvalidCase, passTests } from './pass-tester.js';

/** The pass only reports: a reported Dockerfile comes out as it went in. */
function reported(c: Omit<InvalidCase, 'output'>): InvalidCase {
  return { ...c, output: c.dockerfile };
}

const DIGEST = 'sha256:4d6bb2fcb4e8d1c7c2e3e56e0b0d64e1dd40c0fa4f4a83f2f9ae1e1b2c3d4e5f';

passTests('floating-base-tag', {
  valid: [
    {
      name: 'accepts version tags, and the nonroot variant of a versioned distroless image',
      dockerfile:
        'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nUSER 65532:65532\nENTRYPOINT ["/api"]\n',
    },
    {
      name: 'accepts a digest without a tag: the image cannot change under it',
      dockerfile: `FROM golang@${DIGEST}\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n`,
    },
    {
      name: 'accepts scratch and a FROM that names an earlier stage, whatever its case',
      dockerfile:
        'FROM golang:1.22 AS Builder\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\n' +
        'FROM builder AS test\nRUN go test ./...\n\n' +
        'FROM scratch\nCOPY --from=builder /server /server\nENTRYPOINT ["/server"]\n',
    },
    {
      name: 'accepts an image whose version comes from a build argument',
      dockerfile:
        'ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'ARG BASE_IMAGE\nFROM $BASE_IMAGE\nCOPY --from=build /server /server\nCMD ["/server"]\n',
    },
    {
      name: 'accepts a Debian codename: bookworm-slim is a release line, not a floating name',
      dockerfile:
        'FROM golang:1.22-bookworm AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM debian:bookworm-slim\nCOPY --from=build /server /usr/local/bin/server\nCMD ["server"]\n',
    },
    {
      name: 'reads the colon of a registry port as a port, not as a tag',
      dockerfile:
        'FROM registry.example.com:5000/platform/golang:1.22.4 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM registry.example.com:5000/platform/static:2024.06\nCOPY --from=build /server /server\nCMD ["/server"]\n',
    },
  ],
  invalid: [
    reported({
      name: 'reports golang:latest and the untagged alpine runtime of a multi-stage build',
      dockerfile:
        'FROM golang:latest AS builder\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' +
        'RUN CGO_ENABLED=0 GOOS=linux go build -o main .\n\n' +
        'FROM alpine\nRUN apk --no-cache add ca-certificates\nWORKDIR /root/\nCOPY --from=builder /app/main .\nCMD ["./main"]\n',
      findings: [
        '1:1 warning latest {"image":"golang:latest","why":"the latest tag","suggestion":"golang:1.22"}',
        '8:1 warning latest {"image":"alpine","why":"no tag means latest","suggestion":"alpine:<version>"}',
      ],
    }),
    reported({
      name: 'reports an untagged golang image in a single-stage build',
      dockerfile: 'FROM golang\nWORKDIR /go/src/app\nCOPY . .\nRUN go build -o /go/bin/app .\nEXPOSE 8080\nCMD ["app"]\n',
      findings: ['1:1 warning latest {"image":"golang","why":"no tag means latest","suggestion":"golang:1.22"}'],
    }),
    reported({
      name: 'reports golang:alpine and alpine:latest: a variant name is not a version',
      dockerfile:
        'FROM golang:alpine AS builder\nRUN apk add --no-cache git\nWORKDIR /build\nCOPY . .\nRUN go build -o main .\n\n' +
        'FROM alpine:latest\nCOPY --from=builder /build/main /app/main\nWORKDIR /app\nCMD ["./main"]\n',
      findings: [
        '1:1 warning latest {"image":"golang:alpine","why":"the \\"alpine\\" tag has no version","suggestion":"golang:1.22"}',
        '7:1 warning latest {"image":"alpine:latest","why":"the latest tag","suggestion":"alpine:<version>"}',
      ],
    }),
    reported({
      name: 'reports debian:stable-slim but not the pinned builder',
      dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM debian:stable-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n' +
        'COPY --from=build /server /usr/local/bin/server\nCMD ["server"]\n',
      findings: ['6:1 warning latest {"image":"debian:stable-slim","why":"the \\"stable-slim\\" tag has no version","suggestion":"debian:<version>"}'],
    }),
    reported({
      name: 'reports alpine:edge, a rolling branch',
      dockerfile:
        'FROM golang:1.22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM alpine:edge\nCOPY --from=build /server /server\nCMD ["/server"]\n',
      findings: ['6:1 warning latest {"image":"alpine:edge","why":"the \\"edge\\" tag has no version","suggestion":"alpine:<version>"}'],
    }),
    reported({
      name: 'sees the image behind a --platform flag',
      dockerfile:
        'FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETOS TARGETARCH\nWORKDIR /app\nCOPY . .\n' +
        'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /server .\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nCMD ["/server"]\n',
      findings: ['1:1 warning latest {"image":"golang","why":"no tag means latest","suggestion":"golang:1.22"}'],
    }),
    reported({
      name: 'reads lower-case keywords',
      dockerfile: 'from golang:latest as builder\nworkdir /app\ncopy . .\nrun go build -o /server .\ncmd ["/server"]\n',
      findings: ['1:1 warning latest {"image":"golang:latest","why":"the latest tag","suggestion":"golang:1.22"}'],
    }),
    reported({
      name: 'reports an untagged image from another registry',
      dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\n\n' +
        'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /server /server\nCMD ["/server"]\n',
      findings: ['6:1 warning latest'],
    }),
    reported({
      name: 'reports each floating stage once, in file order, behind an ARG and comments',
      dockerfile:
        '# syntax=docker/dockerfile:1\nARG APP=api\n\n# build\nFROM golang:latest AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/$APP ./cmd/api\n\n' +
        '# tests run in their own stage, from the build stage\nFROM build AS test\nRUN go test ./...\n\n' +
        '# runtime\nFROM ubuntu\nCOPY --from=build /out/api /usr/local/bin/api\nCMD ["api"]\n',
      files: {
        'go.mod': 'module example.com/shop\n\ngo 1.22\n',
        'cmd/api/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      },
      findings: [
        '5:1 warning latest {"image":"golang:latest","why":"the latest tag","suggestion":"golang:1.22"}',
        '15:1 warning latest {"image":"ubuntu","why":"no tag means latest","suggestion":"ubuntu:<version>"}',
      ],
    }),
  ],
});

test.run();
