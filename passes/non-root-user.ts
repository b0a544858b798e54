import { definePass } from '../src/pass.js';
import { familyOfImage, userSetupFor } from '../src/runtime-image/choose.js';

/**
 * Runs the runtime stage as a numeric non-root user. Only runtime stages that dockopt can
 * reason about get one: the final stage of a Go multi-stage build that is not itself the
 * build stage. Numeric, so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
 */
export default definePass({
  id: 'non-root-user',
  summary: 'Run the runtime stage as a numeric non-root user.',
  rationale:
    'A process running as root inside the container is root on the host if it escapes, and can rewrite its own binary. A numeric UID also lets Kubernetes runAsNonRoot verify the image.',
  fix: 'safe',
  related: ['hadolint:DL3002', 'trivy:DS002', 'checkov:CKV_DOCKER_3'],
  messages: {
    added: {
      severity: 'info',
      text: 'The runtime stage now runs as UID {{uid}} ({{how}}).',
    },
    'low-port': {
      severity: 'warning',
      text: 'EXPOSE {{port}} is below 1024: a non-root process can bind it under Docker (which allows unprivileged low ports) but not on every runtime; prefer a port ≥ 1024.',
    },
    'named-user': {
      severity: 'info',
      text: 'USER {{user}} is a name: Kubernetes runAsNonRoot cannot verify a name, so consider the numeric UID.',
    },
  },
  docs: {
    description:
      'Adds `USER <uid>:<uid>` to the runtime stage of a Go multi-stage build (the final stage, when it is not the build stage) that has no USER, before its HEALTHCHECK or start command: `65532`, the `nonroot` user of distroless images; on alpine and Debian/Ubuntu a user `app` created with config `user` (default 10001) by a RUN placed before the stage\'s first COPY, so it stays cached; the bare numeric config `user` on scratch and other images. A distroless `:nonroot` stage you wrote is left as it is, since it already runs as 65532; one dockopt created or rebased gets the explicit USER. An existing USER is kept as written; a named one gets a note, as Kubernetes runAsNonRoot can only verify a number. When it adds USER, each EXPOSEd port below 1024 gets a warning. Single-stage builds (split-stages makes the runtime stage first), a runtime image from an ARG without default, and builds dockopt cannot follow (make, scripts, no start command) are left alone.',
    before:
      'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /out/server /usr/local/bin/server\nEXPOSE 8080\nCMD ["server"]\n',
    after:
      'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nRUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\nCOPY --from=build /out/server /usr/local/bin/server\nEXPOSE 8080\nUSER 10001:10001\nCMD ["server"]\n',
    findings: ['added'],
  },
  apply(ctx) {
    const plan = ctx.plan();
    if (plan.kind === 'not-go' || plan.uncertain.length > 0) return;
    const final = plan.finalStage;
    if (!final || final === plan.buildStage || plan.stages.length < 2) return;
    if (final.from.opaque) return;
    const users = final.body.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (last) {
      const user = last.rawArguments.trim();
      if (!/^\d/.test(user) && !/^(root|0)(:|$)/.test(user)) ctx.report({ code: 'named-user', data: { user }, at: last });
      return;
    }
    const image = plan.baseImages[final.index] ?? null;
    const family = familyOfImage(image);
    // distroless :nonroot already runs as 65532; an existing stage on it is left as its author wrote it.
    if (family === 'distroless' && /[:-]nonroot$/.test(image ?? '') && ctx.model.stageProvenance(final.from) === 'original') return;
    const model = ctx.model;
    const added = [];
    let uid: number;
    let how: string;
    if (family === 'distroless') {
      uid = 65532;
      how = 'the nonroot user distroless images provide';
    } else {
      uid = ctx.config.user;
      const setup = userSetupFor(family);
      if (setup) {
        added.push(model.create(setup(uid)));
        how = `a user created with that UID on ${family}`;
      } else {
        how = `numeric, as ${family === 'scratch' ? 'scratch' : 'this image'} has no tool to create users`;
      }
    }
    const user = model.create(`USER ${uid}:${uid}`);
    const startAt = final.body.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'HEALTHCHECK');
    if (startAt) model.insertBefore(startAt, user);
    else model.insertAfter(final.body[final.body.length - 1] ?? final.from, user);
    // Creating the user does not depend on the program: before the first COPY it stays cached
    // across code changes.
    const firstCopy = final.body.find((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    if (added.length > 0) {
      if (firstCopy) model.insertBefore(firstCopy, ...added);
      else model.insertBefore(user, ...added);
    }
    ctx.report({ code: 'added', data: { uid, how }, at: final.from, fixed: true });
    for (const expose of final.body.filter((i) => i.keyword === 'EXPOSE')) {
      for (const port of expose.rawArguments.split(/\s+/)) {
        const n = Number(port.split('/')[0]);
        if (Number.isInteger(n) && n > 0 && n < 1024) ctx.report({ code: 'low-port', data: { port }, at: expose });
      }
    }
  },
});
