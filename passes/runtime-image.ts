import { definePass } from '../src/pass.js';
import { chooseRuntime, decideCgo } from '../src/runtime-image/choose.js';
import { goFacts } from '../ecosystems/go/index.js';

const GOLANG_IMAGE = /(^|\/)golang(:|@|$)/;

/**
 * Slims the runtime stage of an existing multi-stage build whose final stage still runs on
 * the golang image. split-stages picks the runtime itself when it creates the stage; this
 * pass covers files that were already split but ship the toolchain anyway.
 */
export default definePass({
  id: 'runtime-image',
  summary: 'Replace a golang runtime stage with a small runtime image that has what the program needs.',
  rationale:
    'A final stage on golang:* carries the whole Go toolchain (~800 MB) although it only runs a binary copied from the build stage.',
  fix: 'safe',
  related: [],
  messages: {
    replaced: {
      severity: 'info',
      text: 'The runtime stage ran on {{old}}, which ships the Go toolchain; it now runs on {{image}}.',
    },
    kept: {
      severity: 'info',
      text: 'The runtime stage runs on {{old}}; it was kept because {{reason}}.',
    },
  },
  docs: {
    description:
      'When the final stage of a multi-stage Go build is based on `golang:*` but only copies files from other stages (no RUN, no ADD, no COPY from the build context) and starts a binary without a shell, its image becomes the runtime that split-stages would choose: the configured `runtime` (distroless/static by default), distroless/base for cgo on glibc, the builder\'s alpine for cgo on musl. Only the image reference changes; `--platform`, the stage name and the rest of the stage stay as written. The stage keeps its golang image, with a `kept` finding that says why, when it runs commands, copies from the context, starts through a shell or a script, links a C library dockopt cannot place, or when the chosen runtime would need something installed or copied in (CA certificates on scratch, curl for a HEALTHCHECK). A binary built with cgo left at its default needs static-build (which runs first) to turn cgo off before it runs on distroless/static.',
    before:
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM golang:1.22\nCOPY --from=build /out/server /server\nEXPOSE 8080\nCMD ["/server"]\n',
    after:
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /server\nEXPOSE 8080\nCMD ["/server"]\n',
    findings: ['replaced'],
  },
  apply(ctx) {
    const plan = ctx.plan();
    if (plan.kind !== 'go-multi-stage' || plan.uncertain.length > 0) return;
    const final = plan.finalStage;
    const build = plan.buildStage;
    if (!final || !build || final === build || final.from.opaque) return;
    const old = plan.baseImages[final.index];
    if (!old || !GOLANG_IMAGE.test(old)) return;
    if (final.body.some((i) => i.keyword === 'RUN' || i.keyword === 'ADD' || i.opaque)) {
      return ctx.report({ code: 'kept', data: { old, reason: 'it runs commands that may need the toolchain' }, at: final.from });
    }
    if (final.body.some((i) => i.keyword === 'COPY' && !/--from=/i.test(i.rawArguments))) {
      return ctx.report({ code: 'kept', data: { old, reason: 'it copies files from the build context whose needs dockopt does not check' }, at: final.from });
    }
    if (!plan.start.program || plan.start.needsShell) {
      return ctx.report({ code: 'kept', data: { old, reason: 'its start command needs a shell or could not be resolved' }, at: final.from });
    }
    const builderImage = plan.baseImages[build.index] ?? null;
    const go = goFacts(ctx.facts);
    const runtime = chooseRuntime(ctx.config, {
      cgo: decideCgo(go.cgo, build, plan.builds, builderImage),
      shell: false,
      curl: final.body.some((i) => i.keyword === 'HEALTHCHECK' && /\b(curl|wget)\b/.test(i.rawArguments)),
      certificates: go.needsCaCertificates,
      tzdata: go.needsTzdata,
      builderImage,
    });
    if ('decline' in runtime) return ctx.report({ code: 'kept', data: { old, reason: runtime.decline }, at: final.from });
    if (runtime.setup.length > 0 || runtime.copyFromBuild.length > 0) {
      return ctx.report({ code: 'kept', data: { old, reason: `${runtime.image} would need packages installed` }, at: final.from });
    }
    const node = final.from.node as unknown as { getImageRange(): import('vscode-languageserver-types').Range | null } | null;
    const range = node?.getImageRange();
    if (!range) return;
    ctx.model.splice(final.from, range, runtime.image);
    ctx.model.markStage(final.from, 'rebased');
    ctx.report({ code: 'replaced', data: { old, image: runtime.image }, at: final.from, fixed: true });
  },
});
