import { definePass } from '../src/pass.js';
import { goFacts } from '../ecosystems/go/index.js';

/** Reports Go servers bound to 127.0.0.1/localhost: unreachable through a published port. */
export default definePass({
  id: 'loopback-listener',
  summary: 'Report a Go server that listens on 127.0.0.1 or localhost inside the container.',
  rationale:
    'Inside a container, loopback is the container itself: a server bound to 127.0.0.1 cannot be reached through `docker run -p` or a Kubernetes Service, and health checks from outside fail.',
  fix: 'none',
  related: [],
  messages: {
    loopback: {
      severity: 'warning',
      text: '{{file}}:{{line}} listens on "{{address}}", which is unreachable from outside the container: listen on ":{{port}}" (all interfaces) instead.',
    },
  },
  docs: {
    description:
      'Reads the Go source of the build context (not `_test.go` files, not files built only for another OS) for `ListenAndServe`/`ListenAndServeTLS`, `net.Listen`, gin `Run`, echo `Start` and fiber `Listen` calls, and `http.Server{Addr: …}`, whose address is a string literal on `localhost`, `127.x.x.x` or `[::1]`. Reported once per listener with its file and line; neither the source nor the Dockerfile is changed. In the example, main.go runs `router.Run("localhost:8080")`: listen on `":8080"` instead. An address read from a flag or the environment is not judged.',
    before: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
    after: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
    findings: ['loopback'],
    context: {
      'go.mod': 'module example.com/albums\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
      'main.go':
        'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\trouter := gin.Default()\n' +
        '\trouter.GET("/albums", func(c *gin.Context) { c.JSON(200, []string{}) })\n\trouter.Run("localhost:8080")\n}\n',
    },
  },
  apply(ctx) {
    if (!ctx.isGo()) return;
    for (const listener of goFacts(ctx.facts).loopbackListeners) {
      const port = /:(\d+)$/.exec(listener.address)?.[1] ?? '8080';
      ctx.report({ code: 'loopback', data: { file: listener.file, line: listener.line, address: listener.address, port } });
    }
  },
});
