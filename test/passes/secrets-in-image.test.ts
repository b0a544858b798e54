import { test } from 'uvu';
import { type InvalidCase, passTests } from './pass-tester.js';

/** The pass only reports: a reported Dockerfile comes out as it went in. */
function reported(c: Omit<InvalidCase, 'output'>): InvalidCase {
  return { ...c, output: c.dockerfile };
}

passTests('secrets-in-image', {
  valid: [
    {
      name: 'accepts Go and Gin settings whose names hold no credential word',
      dockerfile:
        'FROM golang:1.22\nENV GOPROXY=https://proxy.golang.org,direct GOPRIVATE=github.com/acme/* GOFLAGS=-mod=mod\n' +
        'ENV GIN_MODE=release PORT=8080\nARG VERSION=dev\nWORKDIR /app\nCOPY . .\nRUN go build -ldflags "-X main.version=${VERSION}" -o server .\nCMD ["./server"]\n',
    },
    {
      name: 'accepts a token passed as a BuildKit secret and a key forwarded over SSH',
      dockerfile:
        '# syntax=docker/dockerfile:1\nFROM golang:1.22\nENV GOPRIVATE=github.com/acme/*\nWORKDIR /app\nCOPY go.mod go.sum ./\n' +
        'RUN --mount=type=secret,id=github_token git config --global url."https://x-access-token:$(cat /run/secrets/github_token)@github.com/".insteadOf "https://github.com/" && go mod download\n' +
        'RUN --mount=type=ssh go mod download\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    },
    {
      name: 'accepts a CA certificate: it is public',
      dockerfile:
        'FROM golang:1.22\nCOPY certs/corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt\nRUN update-ca-certificates\n' +
        'WORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    },
    {
      name: 'judges the sources of a COPY, not its destination: known_hosts copied into .ssh is public',
      dockerfile:
        'FROM golang:1.22\nCOPY known_hosts /root/.ssh/known_hosts\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    },
    {
      name: 'leaves COPY --from to the stage that made the file',
      dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nCMD ["/server"]\n',
    },
    {
      name: 'does not read PASS inside a longer word',
      dockerfile: 'FROM golang:1.22\nENV BYPASS_CACHE=1 COMPASS_REGION=eu\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    },
  ],
  invalid: [
    reported({
      name: 'reports a GitHub token build argument used to fetch private modules',
      dockerfile:
        'FROM golang:1.21\nARG GITHUB_TOKEN\nENV GOPRIVATE=github.com/acme-corp/*\n' +
        'RUN git config --global url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\n' +
        'WORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /usr/local/bin/api ./cmd/api\nCMD ["api"]\n',
      findings: ['2:1 warning secret-in-env {"keyword":"ARG","name":"GITHUB_TOKEN","id":"github_token","where":"build history"}'],
    }),
    reported({
      name: 'reports only the credential of an ENV that sets several variables, as stored in the config',
      dockerfile:
        'FROM golang:1.22\nENV DB_HOST=postgres DB_USER=app DB_PASSWORD=changeme\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: ['2:1 warning secret-in-env {"keyword":"ENV","name":"DB_PASSWORD","id":"db_password","where":"config"}'],
    }),
    reported({
      name: 'reads the legacy ENV name value form',
      dockerfile: 'FROM golang:1.22\nENV STRIPE_API_KEY sk_test_123\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: ['2:1 warning secret-in-env {"keyword":"ENV","name":"STRIPE_API_KEY","id":"stripe_api_key","where":"config"}'],
    }),
    reported({
      name: 'reports each AWS credential argument, with a default value or without',
      dockerfile:
        'FROM golang:1.22\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY=""\nARG AWS_REGION=eu-west-1\nWORKDIR /app\nCOPY . .\n' +
        'RUN go build -o server .\nCMD ["./server"]\n',
      findings: [
        '2:1 warning secret-in-env {"keyword":"ARG","name":"AWS_ACCESS_KEY_ID","id":"aws_access_key_id","where":"build history"}',
        '3:1 warning secret-in-env {"keyword":"ARG","name":"AWS_SECRET_ACCESS_KEY","id":"aws_secret_access_key","where":"build history"}',
      ],
    }),
    reported({
      name: 'reads credential names in any case, in a build stage too',
      dockerfile:
        'from golang:1.22 as build\narg npm_token\nworkdir /app\ncopy . .\nrun go build -o /server .\n\n' +
        'from gcr.io/distroless/static-debian12:nonroot\ncopy --from=build /server /server\ncmd ["/server"]\n',
      findings: ['2:1 warning secret-in-env {"keyword":"ARG","name":"npm_token","id":"npm_token","where":"build history"}'],
    }),
    reported({
      name: 'reports an SSH private key copied in to fetch private modules',
      dockerfile:
        'FROM golang:1.22\nRUN mkdir -p /root/.ssh && ssh-keyscan github.com >> /root/.ssh/known_hosts\nCOPY id_rsa /root/.ssh/id_rsa\n' +
        'RUN git config --global url."git@github.com:".insteadOf "https://github.com/"\nWORKDIR /app\nCOPY . .\nRUN go mod download && go build -o server .\nCMD ["./server"]\n',
      findings: ['3:1 error key-copied {"source":"id_rsa"}'],
    }),
    reported({
      name: 'reports a whole .ssh directory and an ed25519 key under a path',
      dockerfile:
        'FROM golang:1.22\nCOPY .ssh/ /root/.ssh/\nADD deploy/keys/id_ed25519 /root/.ssh/id_ed25519\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: ['2:1 error key-copied {"source":".ssh/"}', '3:1 error key-copied {"source":"deploy/keys/id_ed25519"}'],
    }),
    reported({
      name: 'reports a .netrc copied in for private module downloads',
      dockerfile:
        'FROM golang:1.22\nENV GOPRIVATE=gitlab.example.com/*\nCOPY --chown=root:root .netrc /root/.netrc\nWORKDIR /app\nCOPY . .\n' +
        'RUN go mod download && go build -o server .\nCMD ["./server"]\n',
      findings: ['3:1 error key-copied {"source":".netrc"}'],
    }),
    reported({
      name: 'reports the TLS key among several sources, not the certificate beside it',
      dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\n' +
        'FROM debian:bookworm-slim\nCOPY tls/server.crt tls/server.key /etc/app/tls/\nCOPY --from=build /server /usr/local/bin/server\n' +
        'CMD ["server", "-cert", "/etc/app/tls/server.crt", "-key", "/etc/app/tls/server.key"]\n',
      findings: ['7:1 error key-copied {"source":"tls/server.key"}'],
    }),
    reported({
      name: 'reports a credential argument and a copied key in one file, in file order',
      dockerfile:
        'FROM golang:1.22\nARG GITLAB_PASSWORD\nCOPY certs/client.pem /etc/app/client.pem\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: [
        '2:1 warning secret-in-env {"keyword":"ARG","name":"GITLAB_PASSWORD","id":"gitlab_password","where":"build history"}',
        '3:1 error key-copied {"source":"certs/client.pem"}',
      ],
    }),
  ],
});

test.run();
