import { definePass } from '../src/pass.js';

const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|_)/i;
const KEY_FILE = /(^|\/)(id_rsa|id_ed25519|id_ecdsa|id_dsa)(\.pub)?$|\.pem$|\.key$|(^|\/)\.ssh(\/|$)|(^|\/)\.netrc$/;

/**
 * Reports secrets that end up in the image or its history: credentials in ARG/ENV and key
 * files copied in. No fix: the right fix (BuildKit secrets, SSH forwarding) changes how the
 * image is built and needs the owner's decision.
 */
export default definePass({
  id: 'secrets-in-image',
  summary: 'Report credentials in ARG/ENV and SSH or TLS keys copied into the image.',
  rationale:
    'ARG and ENV values are stored in the image history and config, and a copied key stays in a layer even if a later step deletes it. Anyone who can pull the image can read them.',
  fix: 'none',
  related: ['buildkit:SecretsUsedInArgOrEnv', 'trivy:secret'],
  messages: {
    'secret-in-env': {
      severity: 'warning',
      text: '{{keyword}} {{name}} looks like a credential and is stored in the image {{where}}: pass it with `RUN --mount=type=secret,id={{id}}` instead.',
    },
    'key-copied': {
      severity: 'error',
      text: '{{source}} looks like a private key and is copied into a layer, where it stays even if deleted later: use `RUN --mount=type=ssh` (SSH) or `--mount=type=secret` instead.',
    },
  },
  docs: {
    description:
      'Finds ARG and ENV names that look like credentials (a TOKEN, SECRET, PASSWORD, PASS, API_KEY, ACCESS_KEY, PRIVATE_KEY or CREDENTIALS word in the name) and COPY/ADD sources that look like private keys (`id_rsa`, `id_ed25519`, `*.pem`, `*.key`, `.ssh/`, `.netrc`); `COPY --from` is left to the stage that made the file. No fix: a token belongs in `RUN --mount=type=secret,id=…` and a key in `RUN --mount=type=ssh`, which changes how the image is built.',
    before:
      'FROM golang:1.22\nARG GITHUB_TOKEN\nENV GOPRIVATE=github.com/acme/*\n' +
      'RUN git config --global url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\n' +
      'COPY id_rsa /root/.ssh/id_rsa\nWORKDIR /app\nCOPY . .\nRUN go mod download && go build -o server .\nCMD ["./server"]\n',
    after:
      'FROM golang:1.22\nARG GITHUB_TOKEN\nENV GOPRIVATE=github.com/acme/*\n' +
      'RUN git config --global url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\n' +
      'COPY id_rsa /root/.ssh/id_rsa\nWORKDIR /app\nCOPY . .\nRUN go mod download && go build -o server .\nCMD ["./server"]\n',
    findings: ['secret-in-env', 'key-copied'],
  },
  apply(ctx) {
    for (const instr of ctx.model.instrs) {
      if (instr.opaque || !instr.node) continue;
      const keyword = instr.keyword;
      if (keyword === 'ARG' || keyword === 'ENV') {
        const properties = (instr.node as unknown as { getProperties?: () => { getName(): string }[] }).getProperties?.() ?? [];
        for (const property of properties) {
          const name = property.getName();
          if (!SECRET_NAME.test(name)) continue;
          ctx.report({
            code: 'secret-in-env',
            data: { keyword, name, id: name.toLowerCase(), where: keyword === 'ENV' ? 'config' : 'build history' },
            at: instr,
          });
        }
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const node = instr.node as unknown as { getFlags(): { getName(): string }[]; getArguments(): { getValue(): string }[] };
        if (node.getFlags().some((f) => f.getName() === 'from')) continue;
        const args = node.getArguments().map((a) => a.getValue());
        for (const source of args.slice(0, -1)) {
          if (KEY_FILE.test(source.replace(/\/+$/, ''))) ctx.report({ code: 'key-copied', data: { source }, at: instr });
        }
      }
    }
  },
});
