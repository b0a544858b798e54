import { test } from 'uvu';
import { type InvalidCase, passTests } from './pass-tester.js';

/** The pass only reports: a reported Dockerfile comes out as it went in. */
function reported(c: Omit<InvalidCase, 'output'>): InvalidCase {
  return { ...c, output: c.dockerfile };
}

const DOCKERFILE = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n';
const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

/** A main package whose main.go is `body` inside `func main()`, with `imports`. */
function mainGo(imports: string[], body: string): string {
  return `package main\n\nimport (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\nfunc main() {\n${body}}\n`;
}

passTests('loopback-listener', {
  valid: [
    {
      name: 'accepts a server on ":8080", all interfaces',
      dockerfile: DOCKERFILE,
    },
    {
      name: 'accepts 0.0.0.0',
      dockerfile: DOCKERFILE,
      files: { 'go.mod': GO_MOD, 'main.go': mainGo(['github.com/gin-gonic/gin'], '\tr := gin.Default()\n\tr.Run("0.0.0.0:8080")\n') },
    },
    {
      name: 'accepts an address read from the environment: it cannot be judged',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['net/http', 'os'], '\taddr := os.Getenv("LISTEN_ADDR")\n\tif addr == "" {\n\t\taddr = ":8080"\n\t}\n\thttp.ListenAndServe(addr, nil)\n'),
      },
    },
    {
      name: 'accepts loopback addresses the program connects to: a Redis client and a self health check',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(
          ['net/http', 'os', 'github.com/redis/go-redis/v9'],
          '\tif len(os.Args) > 1 && os.Args[1] == "healthcheck" {\n\t\tresp, err := http.Get("http://localhost:8080/healthz")\n' +
            '\t\tif err != nil || resp.StatusCode != 200 {\n\t\t\tos.Exit(1)\n\t\t}\n\t\treturn\n\t}\n' +
            '\trdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})\n\t_ = rdb\n\thttp.ListenAndServe(":8080", nil)\n',
        ),
      },
    },
    {
      name: 'ignores a listener in a comment and in a _test.go file',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['net/http'], '\t// for local runs: http.ListenAndServe("localhost:8080", nil)\n\thttp.ListenAndServe(":8080", nil)\n'),
        'main_test.go': 'package main\n\nimport (\n\t"net/http"\n\t"testing"\n)\n\nfunc TestServe(t *testing.T) {\n\tgo http.ListenAndServe("127.0.0.1:18080", nil)\n}\n',
      },
    },
    {
      name: 'ignores a file built only for Windows',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['net/http'], '\thttp.ListenAndServe(listenAddr, nil)\n'),
        'addr_linux.go': 'package main\n\nconst listenAddr = ":8080"\n',
        'addr_windows.go': 'package main\n\nimport "net/http"\n\nconst listenAddr = ":8080"\n\nfunc init() { go http.ListenAndServe("127.0.0.1:9999", nil) }\n',
      },
    },
    {
      name: 'reads no Go source for a Dockerfile that builds no Go',
      dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
      files: {
        'requirements.txt': 'flask==3.0.3\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'tools/devproxy/main.go': mainGo(['net/http'], '\thttp.ListenAndServe("localhost:8080", nil)\n'),
      },
    },
  ],
  invalid: [
    reported({
      name: 'reports a Gin router run on localhost, with the file, line and port to use',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': 'module example.com/albums\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
        'main.go': mainGo(
          ['net/http', 'github.com/gin-gonic/gin'],
          '\trouter := gin.Default()\n\trouter.GET("/albums", func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })\n\n\trouter.Run("localhost:8080")\n',
        ),
      },
      findings: ['-:- warning loopback {"file":"main.go","line":12,"address":"localhost:8080","port":"8080"}'],
    }),
    reported({
      name: 'reports net/http ListenAndServe on 127.0.0.1',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['log', 'net/http'], '\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})\n\tlog.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))\n'),
      },
      findings: ['-:- warning loopback {"file":"main.go","line":10,"address":"127.0.0.1:8080","port":"8080"}'],
    }),
    reported({
      name: 'reports the Addr of an http.Server, on the line of the address',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(
          ['log', 'net/http', 'time'],
          '\tmux := http.NewServeMux()\n\tsrv := &http.Server{\n\t\tHandler:      mux,\n\t\tReadTimeout:  5 * time.Second,\n' +
            '\t\tAddr:         "127.0.0.1:9090",\n\t}\n\tlog.Fatal(srv.ListenAndServe())\n',
        ),
      },
      findings: ['-:- warning loopback {"file":"main.go","line":14,"address":"127.0.0.1:9090","port":"9090"}'],
    }),
    reported({
      name: 'reports a gRPC net.Listen on localhost',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['log', 'net'], '\tlis, err := net.Listen("tcp", "localhost:50051")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\t_ = lis\n'),
      },
      findings: ['-:- warning loopback {"file":"main.go","line":9,"address":"localhost:50051","port":"50051"}'],
    }),
    reported({
      name: 'reports echo Start and fiber Listen',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(
          ['github.com/gofiber/fiber/v2', 'github.com/labstack/echo/v4'],
          '\te := echo.New()\n\tgo e.Start("127.0.0.1:1323")\n\tapp := fiber.New()\n\tapp.Listen("localhost:3000")\n',
        ),
      },
      findings: [
        '-:- warning loopback {"file":"main.go","line":10,"address":"127.0.0.1:1323","port":"1323"}',
        '-:- warning loopback {"file":"main.go","line":12,"address":"localhost:3000","port":"3000"}',
      ],
    }),
    reported({
      name: 'reports the IPv6 loopback of ListenAndServeTLS',
      dockerfile: DOCKERFILE,
      files: {
        'go.mod': GO_MOD,
        'main.go': mainGo(['net/http'], '\thttp.ListenAndServeTLS("[::1]:8443", "tls/cert.pem", "tls/key.pem", nil)\n'),
      },
      findings: ['-:- warning loopback {"file":"main.go","line":8,"address":"[::1]:8443","port":"8443"}'],
    }),
    reported({
      name: 'reports a listener in a package the command imports, after those of shallower files',
      dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/api ./cmd/api\nCMD ["api"]\n',
      files: {
        'go.mod': 'module example.com/shop\n\ngo 1.22\n',
        'cmd/api/main.go': 'package main\n\nimport "example.com/shop/internal/server"\n\nfunc main() {\n\tserver.Start("127.0.0.1:8081")\n}\n',
        'internal/server/server.go':
          'package server\n\nimport "net/http"\n\n// Start serves the API on addr.\nfunc Start(addr string) error {\n\tsrv := &http.Server{Addr: "localhost:8080"}\n\t_ = addr\n\treturn srv.ListenAndServe()\n}\n',
      },
      findings: [
        '-:- warning loopback {"file":"cmd/api/main.go","line":6,"address":"127.0.0.1:8081","port":"8081"}',
        '-:- warning loopback {"file":"internal/server/server.go","line":7,"address":"localhost:8080","port":"8080"}',
      ],
    }),
  ],
});

test.run();
