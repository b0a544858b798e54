/** Config: cosmiconfig discovery + validation → ResolvedConfig or ConfigError. */

export type RuntimeChoice = 'distroless' | 'alpine' | 'scratch' | 'debian' | (string & {});

export interface ResolvedConfig {
  /** `distroless` (default), `alpine`, `scratch`, `debian`, or an image reference. */
  runtime: RuntimeChoice;
  /** Numeric UID for a created user when the runtime has no non-root user of its own. */
  user: number;
  /** Cross-compile with TARGETOS/TARGETARCH and FROM --platform=$BUILDPLATFORM. */
  platform: boolean;
  /** BuildKit features (cache mounts, $BUILDPLATFORM); false gives plain `docker build` output. */
  buildkit: boolean;
  /** Add -ldflags="-s -w" when the build has no -ldflags of its own. */
  stripSymbols: boolean;
  dockerignore: { enabled: boolean; extra: string[] };
  /** Per-pass `off` or options. */
  passes: Record<string, 'off' | Record<string, unknown>>;
  /** Dockerfile glob → build context directory (relative to the config file). */
  context: Record<string, string>;
  /** Globs of Dockerfiles to skip. */
  ignore: string[];
  /** The config file these values came from, or null for defaults. */
  configPath: string | null;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  runtime: 'distroless',
  user: 10001,
  platform: true,
  buildkit: true,
  stripSymbols: true,
  dockerignore: { enabled: true, extra: [] },
  passes: {},
  context: {},
  ignore: [],
  configPath: null,
};
