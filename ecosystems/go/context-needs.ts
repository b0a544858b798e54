/** What Go builds read from the build context, which no .dockerignore line may exclude. */
import type { Model } from '../../src/dockerfile/model.js';
import { normalizeContextPath } from '../../src/dockerignore/rules.js';
import type { ContextNeedSink } from '../../src/ecosystem.js';
import type { GoFacts } from './facts.js';

/** Extensions `go build` reads from a package directory (Go, cgo, assembly, SWIG, syso). */
const GO_BUILD_EXTENSION = /\.(go|c|h|s|S|cc|cpp|cxx|hh|hpp|hxx|m|f|F|for|f90|syso|swig|swigcxx)$/;

/**
 * Each module's go.mod/go.sum, vendor/ and local replace targets, go.work(.sum), embedded
 * files, files the program opens at run time, Go build sources, and testdata when the
 * Dockerfile runs `go test`/`go vet`.
 */
export function goContextNeeds(facts: GoFacts, model: Model, { add, addPattern }: ContextNeedSink, files: readonly string[]): void {
  const goTestRun = model.instrs.find((i) => i.keyword === 'RUN' && /\bgo\s+(test|vet)\b/.test(i.text)) ?? null;
  for (const module of facts.goModules) {
    const prefix = module.dir === '' ? '' : `${module.dir}/`;
    const reason = `the Go module in ${module.dir === '' ? 'the context root' : module.dir}`;
    add(`${prefix}go.mod`, reason, 'module');
    if (module.hasGoSum) add(`${prefix}go.sum`, reason, 'module');
    if (module.vendored) {
      add(`${prefix}vendor`, `vendored modules of ${reason}`, 'module');
      add(`${prefix}vendor/modules.txt`, `vendored modules of ${reason}`, 'module');
    }
    for (const replace of module.replaces) {
      if (replace.local && replace.targetDir !== null) add(replace.targetDir, `a local replace target of ${reason}`, 'module');
    }
  }
  if (facts.goWork) {
    add(facts.goWork.path, 'the Go workspace', 'module');
    if (facts.goWork.hasGoWorkSum) add(`${facts.goWork.path}.sum`, 'the Go workspace', 'module');
  }

  for (const embed of facts.embeds) addPattern(embed.replace(/^all:/, ''), 'embedded with //go:embed', 'embed');
  for (const ref of facts.runtimeFiles) {
    const pattern = ref.pattern.trim();
    // Absolute paths name files of the image, not of the context.
    if (pattern === '' || pattern.startsWith('/')) continue;
    addPattern(pattern, `opened at run time (${ref.via} in ${ref.file}:${ref.line})`, 'runtime');
  }

  for (const file of [...facts.goFiles, ...files.filter((f) => GO_BUILD_EXTENSION.test(f))]) {
    add(normalizeContextPath(file), 'Go build source', 'source');
  }
  if (goTestRun) {
    const origin = goTestRun.origin;
    const where = origin ? ` on line ${origin.line + 1}` : '';
    for (const file of files) {
      if (/(^|\/)testdata\//.test(file)) add(file, `test data for the go test/vet RUN${where}`, 'test', goTestRun);
    }
  }
}
