import { definePass } from '../src/pass.js';

/**
 * Tags that name no version. Codenames (bookworm, jammy) and distroless' nonroot/debug are
 * release lines or variants, not floating names, so they are not reported.
 */
const FLOATING_TAGS = /^(alpine|slim|stable|edge|lts|current|mainline|testing|unstable|rolling|nightly)(-slim)?$/;

/** Reports base images that float (`latest`, no tag): builds stop being reproducible. */
export default definePass({
  id: 'floating-base-tag',
  summary: 'Report base images without a version tag or digest.',
  rationale:
    'An untagged or `latest` base image changes under you: the same Dockerfile builds a different Go toolchain or OS next week, and a rebuild can break with no change of yours.',
  fix: 'none',
  related: ['hadolint:DL3006', 'hadolint:DL3007'],
  messages: {
    latest: {
      severity: 'warning',
      text: 'Base image "{{image}}" floats ({{why}}): pin a version such as {{suggestion}} so that rebuilds use the same toolchain.',
    },
  },
  docs: {
    description:
      'Finds `FROM` lines whose image has no tag, the `latest` tag, or a tag with no version in it (`golang:alpine`, `debian:stable-slim`). Stage references, `scratch`, digests, images named by a build argument and release codenames (`debian:bookworm-slim`) are fine. No fix: only you know which version you test against.',
    before: 'FROM golang:latest\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\nFROM alpine\nCOPY --from=0 /server /server\nCMD ["/server"]\n',
    after: 'FROM golang:latest\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\nFROM alpine\nCOPY --from=0 /server /server\nCMD ["/server"]\n',
    findings: ['latest', 'latest'],
  },
  apply(ctx) {
    const stageNames = new Set<string>();
    for (const stage of ctx.model.stages()) {
      if (stage.name) stageNames.add(stage.name);
      const node = stage.from.node as { getImage?: () => string | null; getImageName?: () => string | null; getImageTag?: () => string | null; getImageDigest?: () => string | null } | null;
      let image: string | null = null;
      let name: string | null = null;
      let tag: string | null = null;
      let digest: string | null = null;
      try {
        image = node?.getImage?.() ?? null;
        // The parser's name accessors cost a scan each: a plainly pinned image needs none of them.
        if (image !== null && isPlainlyPinned(image)) continue;
        name = node?.getImageName?.() ?? null;
        tag = node?.getImageTag?.() ?? null;
        digest = node?.getImageDigest?.() ?? null;
      } catch {
        image = null;
      }
      if (!image || !name || image.includes('$') || digest) continue;
      if (name === 'scratch' || stageNames.has(image.toLowerCase())) continue;
      let why: string | null = null;
      if (!tag) why = 'no tag means latest';
      else if (tag === 'latest') why = 'the latest tag';
      else if (FLOATING_TAGS.test(tag)) why = `the "${tag}" tag has no version`;
      if (!why) continue;
      const base = name.split('/').pop() ?? name;
      const suggestion = base === 'golang' ? `${name}:1.22` : `${name}:<version>`;
      ctx.report({ code: 'latest', data: { image, why, suggestion }, at: stage.from });
    }
  },
});

/**
 * A one-word reference with a digest, or with a tag that has a version in it: it cannot
 * float, whatever its registry (`reg:5000/x` has a port, not a tag: the colon is before a `/`).
 */
function isPlainlyPinned(image: string): boolean {
  if (!/^[\w.\-/:@]+$/.test(image)) return false;
  if (image.includes('@')) return true;
  const colon = image.lastIndexOf(':');
  if (colon < 0 || colon < image.lastIndexOf('/')) return false;
  const tag = image.slice(colon + 1);
  return tag !== '' && tag !== 'latest' && !FLOATING_TAGS.test(tag);
}
