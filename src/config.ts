/**
 * Config: cosmiconfig finds the nearest `dockopt` config from a Dockerfile's directory up to
 * the repository root; validation turns it into a ResolvedConfig or a ConfigError that names
 * the file and the key. schema/dockopt.schema.json describes the same keys for editors.
 */
import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { ConfigError } from './errors.js';
import type { OptionSpec, PassSchema } from './pass.js';
import { didYouMean } from './suggest.js';

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
  /** Dockerfile glob → build context directory, both relative to the config file. */
  context: Record<string, string>;
  /** Globs of Dockerfiles to skip, relative to the config file. */
  ignore: string[];
  /** The config file these values came from, or null for defaults. */
  configPath: string | null;
}

export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({
  runtime: 'distroless',
  user: 10001,
  platform: true,
  buildkit: true,
  stripSymbols: true,
  dockerignore: Object.freeze({ enabled: true, extra: [] as string[] }),
  passes: {},
  context: {},
  ignore: [],
  configPath: null,
}) as ResolvedConfig;

export const CONFIG_KEYS = [
  'runtime', 'user', 'platform', 'buildkit', 'stripSymbols', 'dockerignore', 'passes', 'context', 'ignore',
] as const;

export const RUNTIME_NAMES = ['distroless', 'alpine', 'scratch', 'debian'] as const;

/** Validate a raw config object; `file` names the source in errors. */
export function resolveConfig(raw: unknown, file: string | null, knownPasses: readonly PassSchema[]): ResolvedConfig {
  const passIds = knownPasses.map((p) => p.id);
  const where = file ?? 'config';
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`invalid config key "${key}": ${message}`, where);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('config must be an object of dockopt options', where);
  }
  const input = raw as Record<string, unknown>;
  const config: ResolvedConfig = {
    ...DEFAULT_CONFIG,
    dockerignore: { ...DEFAULT_CONFIG.dockerignore },
    passes: {},
    context: {},
    ignore: [],
    configPath: file,
  };
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case '$schema':
        break;
      case 'runtime':
        if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
          fail(key, `expected ${RUNTIME_NAMES.join(' | ')} or an image reference, got ${JSON.stringify(value)}`);
        }
        config.runtime = value as string;
        break;
      case 'user':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2147483647) {
          fail(key, `expected a non-root numeric UID (1–2147483647), got ${JSON.stringify(value)}`);
        }
        config.user = value as number;
        break;
      case 'platform':
      case 'buildkit':
      case 'stripSymbols':
        if (typeof value !== 'boolean') fail(key, `expected true or false, got ${JSON.stringify(value)}`);
        config[key] = value as boolean;
        break;
      case 'dockerignore':
        if (typeof value === 'boolean') config.dockerignore = { enabled: value, extra: [] };
        else if (value && typeof value === 'object' && !Array.isArray(value)) {
          const { enabled = true, extra = [], ...rest } = value as Record<string, unknown>;
          const unknown = Object.keys(rest)[0];
          if (unknown) fail(`dockerignore.${unknown}`, 'unknown key (expected enabled, extra)');
          if (typeof enabled !== 'boolean') fail('dockerignore.enabled', 'expected true or false');
          if (!isStringArray(extra)) fail('dockerignore.extra', 'expected an array of .dockerignore lines');
          config.dockerignore = { enabled: enabled as boolean, extra: extra as string[] };
        } else fail(key, 'expected true, false or { enabled, extra }');
        break;
      case 'passes':
        if (!value || typeof value !== 'object' || Array.isArray(value)) fail(key, 'expected an object of pass id → "off" | options');
        for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
          const pass = knownPasses.find((p) => p.id === id);
          if (!pass) fail(`passes.${id}`, `unknown pass${didYouMean(id, passIds)} (expected one of: ${passIds.join(', ')})`);
          if (setting === 'off' || setting === 'on') {
            if (setting === 'off') config.passes[id] = 'off';
          } else if (setting && typeof setting === 'object' && !Array.isArray(setting)) {
            config.passes[id] = passOptions(pass!, setting as Record<string, unknown>, fail);
          } else fail(`passes.${id}`, `expected "off", "on" or an options object${pass!.options ? ` with ${Object.keys(pass!.options).join(', ')}` : ''}`);
        }
        break;
      case 'context':
        if (!value || typeof value !== 'object' || Array.isArray(value)) fail(key, 'expected an object of Dockerfile glob → context directory');
        for (const [glob, dir] of Object.entries(value as Record<string, unknown>)) {
          if (typeof dir !== 'string') fail(`context.${glob}`, 'expected a directory path');
          config.context[glob] = dir as string;
        }
        break;
      case 'ignore':
        if (!isStringArray(value)) fail(key, 'expected an array of globs');
        config.ignore = value as string[];
        break;
      default:
        fail(key, `unknown key${didYouMean(key, CONFIG_KEYS)} (expected one of: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  return config;
}

/** A pass's options checked against what it declares: unknown keys and wrong types are errors. */
function passOptions(pass: PassSchema, options: Record<string, unknown>, fail: (key: string, message: string) => never): Record<string, unknown> {
  const declared = pass.options ?? {};
  const names = Object.keys(declared);
  for (const [name, value] of Object.entries(options)) {
    const spec: OptionSpec | undefined = declared[name];
    const key = `passes.${pass.id}.${name}`;
    if (!spec) {
      fail(key, names.length === 0 ? 'unknown option (this pass takes none; use "off" or "on")' : `unknown option${didYouMean(name, names)} (expected ${names.join(', ')})`);
    } else if (spec.type === 'string[]' ? !isStringArray(value) : typeof value !== (spec.type === 'boolean' ? 'boolean' : 'string')) {
      fail(key, `expected ${spec.type === 'string[]' ? 'an array of strings' : spec.type === 'boolean' ? 'true or false' : 'a string'}, got ${JSON.stringify(value)}`);
    }
  }
  return options;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.dockoptrc',
  '.dockoptrc.json',
  '.dockoptrc.yaml',
  '.dockoptrc.yml',
  '.dockoptrc.mjs',
  'dockopt.config.json',
  'dockopt.config.yaml',
  'dockopt.config.mjs',
];

type Explorer = {
  search(from?: string): Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>;
  load(file: string): Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>;
};

const SEARCH_PLACE_NAMES = new Set(CONFIG_SEARCH_PLACES.map((name) => name.toLowerCase()));

/** Finds and validates configs; one instance per run, so results are cached per directory. */
export class ConfigLoader {
  private explorer: Promise<Explorer> | null = null;
  private readonly byFile = new Map<string, Promise<ResolvedConfig>>();
  /** Directory → whether it holds a file named like a search place. */
  private readonly searchPlaceByDir = new Map<string, boolean>();
  /** Directory → its entry names, from listings made earlier in the run. */
  private listings: ReadonlyMap<string, readonly string[]> = new Map();
  private globalDirExists: boolean | null = null;

  constructor(
    private readonly stopDir: string,
    private readonly knownPasses: readonly PassSchema[],
  ) {}

  private getExplorer(): Promise<Explorer> {
    // cosmiconfig pulls in YAML and JSON parsers: load it only when a config is searched for.
    this.explorer ??= import('cosmiconfig').then(({ cosmiconfig }) =>
      cosmiconfig('dockopt', { searchPlaces: CONFIG_SEARCH_PLACES, stopDir: this.stopDir, searchStrategy: 'global' }),
    );
    return this.explorer;
  }

  /** The nearest config above `dir` (up to the stop directory), or the defaults. */
  async forDirectory(dir: string): Promise<ResolvedConfig> {
    const start = this.searchStart(dir);
    // Nothing named like a config on the way up and no global config directory: there is
    // nothing for cosmiconfig to find, and a one-file run need not load it (~8 ms).
    if (!this.holdsSearchPlace(start) && !this.hasGlobalConfigDir()) return defaultConfig();
    const explorer = await this.getExplorer();
    let found;
    try {
      found = await explorer.search(start);
    } catch (error) {
      throw asConfigError(error);
    }
    if (!found || found.isEmpty) return defaultConfig();
    return this.validate(found.filepath, found.config);
  }

  /** Whether the directory cosmiconfig's global search looks in (computed as it does) exists. */
  private hasGlobalConfigDir(): boolean {
    this.globalDirExists ??= fs.existsSync(envPaths('dockopt', { suffix: '' }).config);
    return this.globalDirExists;
  }

  /**
   * Where cosmiconfig's search can start and still find what a search from `dir` would: the
   * nearest directory up to the stop directory holding a file named like a search place, or
   * the last directory looked at (the global config is checked from there on). Each directory
   * is listed once per run; cosmiconfig alone tries nine reads in every new directory, 15% of
   * the CPU time of a run over 2,000 service directories.
   */
  private searchStart(dir: string): string {
    const stop = path.resolve(this.stopDir);
    let current = path.resolve(dir);
    for (;;) {
      if (this.holdsSearchPlace(current)) return current;
      const parent = path.dirname(current);
      if (current === stop || parent === current) return current;
      current = parent;
    }
  }

  /** Directory listings already made this run (by discovery), so those directories are not listed again. */
  useListings(listings: ReadonlyMap<string, readonly string[]>): void {
    this.listings = listings;
  }

  private holdsSearchPlace(dir: string): boolean {
    let holds = this.searchPlaceByDir.get(dir);
    if (holds === undefined) {
      try {
        // Case-insensitive: on macOS and Windows `.DockoptRC` is found under `.dockoptrc`.
        const places = (this.listings.get(dir) ?? fs.readdirSync(dir)).filter((name) => SEARCH_PLACE_NAMES.has(name.toLowerCase()));
        holds = places.length > 0 && !(places.length === 1 && places[0]!.toLowerCase() === 'package.json' && lacksDockoptKey(path.join(dir, places[0]!)));
      } catch {
        holds = true; // unlistable: let cosmiconfig look, and report what it finds
      }
      this.searchPlaceByDir.set(dir, holds);
    }
    return holds;
  }

  /** An explicit `--config` file. */
  async fromFile(file: string): Promise<ResolvedConfig> {
    const explorer = await this.getExplorer();
    let loaded;
    try {
      loaded = await explorer.load(path.resolve(file));
    } catch (error) {
      throw asConfigError(error, file);
    }
    return this.validate(loaded?.filepath ?? file, loaded?.config ?? {});
  }

  private validate(file: string, raw: unknown): Promise<ResolvedConfig> {
    let cached = this.byFile.get(file);
    if (!cached) {
      cached = Promise.resolve().then(() => resolveConfig(raw, path.relative(process.cwd(), file) || file, this.knownPasses));
      this.byFile.set(file, cached);
    }
    return cached;
  }
}

/**
 * A package.json whose text never says `dockopt` (nor a `\u` escape that could spell it)
 * has no `dockopt` key: a monorepo's many Node packages need no config search of their own.
 */
function lacksDockoptKey(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  return !text.includes('dockopt') && !text.includes('\\u');
}

function asConfigError(error: unknown, file: string | null = null): ConfigError {
  if (error instanceof ConfigError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const filepath = (error as { filepath?: string }).filepath ?? file;
  return new ConfigError(`cannot load config: ${message.split('\n')[0]}`, filepath ? path.relative(process.cwd(), filepath) || filepath : null);
}

function defaultConfig(): ResolvedConfig {
  return { ...DEFAULT_CONFIG, dockerignore: { ...DEFAULT_CONFIG.dockerignore } };
}

/** CLI flags override config values. */
export function withOverrides(config: ResolvedConfig, overrides: Partial<Pick<ResolvedConfig, 'runtime'>> & { dockerignore?: boolean }): ResolvedConfig {
  const out = { ...config, dockerignore: { ...config.dockerignore } };
  if (overrides.runtime !== undefined) out.runtime = overrides.runtime;
  if (overrides.dockerignore === false) out.dockerignore.enabled = false;
  return out;
}
