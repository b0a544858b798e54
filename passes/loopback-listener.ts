import { definePass } from '../src/pass.js';

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
      'Reads the Go source of the build context for `ListenAndServe`, `net.Listen`, gin `Run` and echo `Start` calls with a loopback address. Reported once per call; the source is not changed.',
    before: 'http.ListenAndServe("127.0.0.1:8080", nil)\n',
    after: 'http.ListenAndServe(":8080", nil)   // what the finding suggests\n',
    findings: [],
  },
  apply(ctx) {
    if (!ctx.isGo()) return;
    for (const listener of ctx.facts.loopbackListeners) {
      const port = /:(\d+)$/.exec(listener.address)?.[1] ?? '8080';
      ctx.report({ code: 'loopback', data: { file: listener.file, line: listener.line, address: listener.address, port } });
    }
  },
});
