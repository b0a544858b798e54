/**
 * The runtime image decision, shared by split-stages (which creates the runtime stage) and
 * runtime-image (which slims an existing one): which base, what it must be given (CA
 * certificates, zoneinfo, a shell, curl, shared libraries), and how a non-root user exists
 * there. Returns a reason instead of an image when no runtime can be placed safely.
 */
import type { ResolvedConfig } from '../config.js';
import type { Instr, Stage } from '../dockerfile/model.js';
import type { GoBuild } from '../analysis/plan.js';

export type RuntimeFamily = 'distroless' | 'alpine' | 'debian' | 'scratch' | 'custom';

export interface RuntimeNeeds {
  cgo: CgoDecision;
  /** The start command or HEALTHCHECK needs /bin/sh. */
  shell: boolean;
  /** A HEALTHCHECK runs curl (or wget). */
  curl: boolean;
  certificates: boolean;
  tzdata: boolean;
  /** The build stage's base image as written (to match alpine versions). */
  builderImage: string | null;
}

export interface RuntimeChoice {
  image: string;
  family: RuntimeFamily;
  /** The image already runs as this non-root UID (distroless :nonroot). */
  builtinUser: number | null;
  /** Instructions that provision the runtime (package installs), in order, without EOL. */
  setup: string[];
  /** COPY --from=<build> instructions that scratch needs (certificates, zoneinfo), as [src, dest]. */
  copyFromBuild: [string, string][];
  hasShell: boolean;
  /** How to create a user of `uid` here, or null when only a numeric USER is possible. */
  createUser: ((uid: number) => string) | null;
  /** Why this runtime rather than the configured one (for an info finding), or null. */
  note: string | null;
}

export interface CgoDecision {
  needed: boolean;
  /** glibc (Debian golang images) or musl (alpine). */
  libc: 'glibc' | 'musl';
  reasons: string[];
  /** Runtime packages the binary links against (alpine names), e.g. sqlite-libs. */
  runtimePackages: string[];
  /** A -dev package whose runtime counterpart dockopt does not know: cgo cannot be placed. */
  unplaceable: string | null;
}

const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12:nonroot';
const DISTROLESS_BASE = 'gcr.io/distroless/base-debian12:nonroot';
const DEBIAN_SLIM = 'debian:bookworm-slim';
const DEFAULT_ALPINE = 'alpine:3.20';
const DISTROLESS_NONROOT_UID = 65532;

/** Build-time -dev packages and the runtime package a cgo binary then needs (alpine / Debian names). */
const DEV_TO_RUNTIME: Record<string, { alpine: string | null; debian: string | null }> = {
  'sqlite-dev': { alpine: 'sqlite-libs', debian: 'libsqlite3-0' },
  'libsqlite3-dev': { alpine: 'sqlite-libs', debian: 'libsqlite3-0' },
  'musl-dev': { alpine: null, debian: null },
  'libc6-dev': { alpine: null, debian: null },
  'libc-dev': { alpine: null, debian: null },
  'linux-headers': { alpine: null, debian: null },
  'build-base': { alpine: null, debian: null },
  'alpine-sdk': { alpine: null, debian: null },
  'build-essential': { alpine: null, debian: null },
  'gcc': { alpine: null, debian: null },
  'g++': { alpine: 'libstdc++', debian: null },
  'make': { alpine: null, debian: null },
  'pkgconfig': { alpine: null, debian: null },
  'pkgconf': { alpine: null, debian: null },
  'pkg-config': { alpine: null, debian: null },
};

/** OS packages a RUN line installs (apk add / apt-get install), by name. */
export function installedPackages(stage: Stage): { manager: 'apk' | 'apt'; name: string; instr: Instr }[] {
  const out: { manager: 'apk' | 'apt'; name: string; instr: Instr }[] = [];
  for (const instr of stage.body) {
    if (instr.keyword !== 'RUN') continue;
    const text = instr.text.replace(/\\\r?\n/g, ' ');
    const re = /\b(apk\s+(?:--[\w-]+\s+)*add|apt-get\s+(?:-[\w-]+\s+)*install|apt\s+install)\b([^&;|]*)/g;
    for (const m of text.matchAll(re)) {
      const manager = m[1]!.startsWith('apk') ? 'apk' : 'apt';
      for (const word of m[2]!.split(/\s+/)) {
        if (!word || word.startsWith('-')) continue;
        out.push({ manager, name: word.replace(/[=<>~].*$/, ''), instr });
      }
    }
  }
  return out;
}

const CGO_PACKAGES = /^(gcc|g\+\+|build-base|alpine-sdk|musl-dev|libc6-dev|libc-dev|build-essential|.*-dev)$/;

/**
 * Whether the build needs cgo, from the build env, the packages installed, and what the
 * ecosystem found in the sources (`source`: Go's `cgo` facts).
 */
export function decideCgo(source: { needed: boolean; reasons: readonly string[] }, stage: Stage, builds: GoBuild[], builderImage: string | null): CgoDecision {
  const libc = builderImage && /alpine/i.test(builderImage) ? 'musl' : 'glibc';
  const reasons: string[] = [];
  const explicit = builds.map((b) => b.env.CGO_ENABLED).filter((v): v is string => v !== undefined);
  if (explicit.length > 0 && explicit.every((v) => v === '0')) {
    return { needed: false, libc, reasons: ['CGO_ENABLED=0 is set'], runtimePackages: [], unplaceable: null };
  }
  if (explicit.includes('1')) reasons.push('CGO_ENABLED=1 is set');
  const packages = installedPackages(stage).filter((p) => CGO_PACKAGES.test(p.name));
  for (const p of packages) reasons.push(`the build installs ${p.name}`);
  reasons.push(...source.reasons);
  // A C toolchain alone is not proof: golang:*-alpine builds without gcc unless cgo is used,
  // but installing one on alpine (PATTERNS #8) turns cgo on implicitly, so it counts.
  const needed = explicit.includes('1') || source.needed || (packages.length > 0 && libc === 'musl');
  const runtimePackages: string[] = [];
  let unplaceable: string | null = null;
  if (needed) {
    for (const p of packages) {
      const known = DEV_TO_RUNTIME[p.name];
      if (!known) {
        unplaceable ??= p.name;
        continue;
      }
      const runtimeName = libc === 'musl' ? known.alpine : known.debian;
      if (runtimeName && !runtimePackages.includes(runtimeName)) runtimePackages.push(runtimeName);
    }
  }
  return { needed, libc, reasons, runtimePackages, unplaceable };
}

function alpineFor(builderImage: string | null): string {
  const m = builderImage ? /alpine(\d+\.\d+)/.exec(builderImage) : null;
  return m ? `alpine:${m[1]}` : DEFAULT_ALPINE;
}

function apkSetup(packages: string[]): string[] {
  return packages.length ? [`RUN apk add --no-cache ${packages.join(' ')}`] : [];
}

function aptSetup(packages: string[]): string[] {
  if (packages.length === 0) return [];
  return [
    `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`,
  ];
}

const alpineUser = (uid: number) => `RUN addgroup -S -g ${uid} app && adduser -S -D -H -u ${uid} -G app app`;
const debianUser = (uid: number) =>
  `RUN groupadd --system --gid ${uid} app && useradd --system --uid ${uid} --gid app --no-create-home --shell /usr/sbin/nologin app`;

export function chooseRuntime(config: ResolvedConfig, needs: RuntimeNeeds): RuntimeChoice | { decline: string } {
  const { cgo } = needs;
  if (cgo.needed && cgo.unplaceable) {
    return { decline: `cgo links against ${cgo.unplaceable}, whose runtime library dockopt cannot name` };
  }
  const wanted = config.runtime;
  const apkPackages = () => [
    ...(needs.certificates ? ['ca-certificates'] : []),
    ...(needs.tzdata ? ['tzdata'] : []),
    ...(needs.curl ? ['curl'] : []),
    ...cgo.runtimePackages,
  ];
  const aptPackages = () => [
    ...(needs.certificates ? ['ca-certificates'] : []),
    ...(needs.tzdata ? ['tzdata'] : []),
    ...(needs.curl ? ['curl'] : []),
    ...cgo.runtimePackages,
  ];
  const alpine = (note: string | null): RuntimeChoice => ({
    image: alpineFor(needs.builderImage),
    family: 'alpine',
    builtinUser: null,
    setup: apkSetup(apkPackages()),
    copyFromBuild: [],
    hasShell: true,
    createUser: alpineUser,
    note,
  });
  const debian = (note: string | null): RuntimeChoice => ({
    image: DEBIAN_SLIM,
    family: 'debian',
    builtinUser: null,
    setup: aptSetup(aptPackages()),
    copyFromBuild: [],
    hasShell: true,
    createUser: debianUser,
    note,
  });
  // musl-linked cgo binaries run only on musl: the same alpine as the builder.
  if (cgo.needed && cgo.libc === 'musl') {
    return alpine(wanted === 'alpine' ? null : 'cgo is on and the build links against musl, so the runtime is alpine');
  }
  switch (wanted) {
    case 'alpine':
      if (cgo.needed) return debian('cgo links against glibc, which alpine lacks');
      return alpine(null);
    case 'debian':
      return debian(null);
    case 'scratch':
      if (cgo.needed) return { ...distroless(true), note: 'cgo needs a libc, which scratch lacks' };
      if (needs.shell || needs.curl) return debian('the start command or HEALTHCHECK needs a shell, which scratch lacks');
      // golang:*-alpine has no /usr/share/zoneinfo to copy from; distroless carries it.
      if (needs.tzdata && needs.builderImage && /alpine/i.test(needs.builderImage)) {
        return { ...distroless(false), note: 'the program needs zoneinfo, which the alpine builder has none of to copy into scratch' };
      }
      return {
        image: 'scratch',
        family: 'scratch',
        builtinUser: null,
        setup: [],
        copyFromBuild: [
          ...(needs.certificates ? ([['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/certs/ca-certificates.crt']] as [string, string][]) : []),
          ...(needs.tzdata ? ([['/usr/share/zoneinfo', '/usr/share/zoneinfo']] as [string, string][]) : []),
        ],
        hasShell: false,
        createUser: null,
        note: null,
      };
    case 'distroless':
      if (needs.shell || needs.curl) return debian('the start command or HEALTHCHECK needs a shell, which distroless lacks');
      return distroless(cgo.needed);
    default:
      return {
        image: wanted,
        family: 'custom',
        builtinUser: null,
        setup: [],
        copyFromBuild: [],
        hasShell: needs.shell,
        createUser: null,
        note: null,
      };
  }
}

function distroless(cgo: boolean): RuntimeChoice {
  return {
    image: cgo ? DISTROLESS_BASE : DISTROLESS_STATIC,
    family: 'distroless',
    builtinUser: DISTROLESS_NONROOT_UID,
    setup: [],
    copyFromBuild: [],
    hasShell: false,
    createUser: null,
    note: cgo ? 'cgo is on, so the runtime has glibc (distroless/base)' : null,
  };
}

/** What family an existing runtime image belongs to (for non-root-user on existing stages). */
export function familyOfImage(image: string | null): RuntimeFamily {
  if (!image) return 'custom';
  if (image === 'scratch') return 'scratch';
  if (/distroless/.test(image)) return 'distroless';
  if (/(^|\/)alpine(:|$)/.test(image)) return 'alpine';
  if (/(^|\/)(debian|ubuntu)(:|$)/.test(image)) return 'debian';
  return 'custom';
}

export function userSetupFor(family: RuntimeFamily): ((uid: number) => string) | null {
  return family === 'alpine' ? alpineUser : family === 'debian' ? debianUser : null;
}
