/**
 * dockerfile-ast wrapper. The parser is lenient (it accepts `RUM`); dockopt is not: input
 * that Docker would reject is a ParseError with a position, and nothing is rewritten.
 */
import { ParseError } from '../errors.js';
import { buildModel, type Instr, type Model } from './model.js';
import { closest } from '../suggest.js';

/** Parse time grows super-linearly with size; larger inputs are refused (DESIGN §4). */
export const MAX_DOCKERFILE_BYTES = 512 * 1024;

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Decode file bytes as a Dockerfile, refusing binary and oversized input. */
export function decodeDockerfile(bytes: Uint8Array, path: string): string {
  if (bytes.length > MAX_DOCKERFILE_BYTES) {
    throw new ParseError(
      `file is ${bytes.length} bytes, over the ${MAX_DOCKERFILE_BYTES}-byte limit for a Dockerfile; skipped`,
      path,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const before = new TextDecoder().decode(bytes.subarray(0, nul));
    const lines = before.split(/\r\n|\r|\n/);
    throw new ParseError('binary file (contains a NUL byte), not a Dockerfile', path, {
      line: lines.length - 1,
      column: lines[lines.length - 1]!.length,
    });
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ParseError('file is not valid UTF-8 text', path);
  }
}

// ignoreBOM keeps a BOM in the text: the header slice must print it back (DESIGN §4).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseDockerfile(text: string, path: string | null = null): Model {
  const { model } = buildModel(text);
  let sawFrom = false;
  for (const instr of model.instrs) {
    const keyword = instr.keyword;
    const at = instr.origin ? { line: instr.origin.line, column: instr.origin.column } : null;
    // Docker's keyword runs up to whitespace, so `RUN2 x` and `CMD["x"]` are unknown
    // instructions although they start with a keyword; the parser's token says so too.
    if (!KEYWORDS.has(keyword) || parserKeyword(instr.node, keyword) !== keyword) {
      const word = visible(/^\s*([^\t\r\n ]+)/.exec(instr.text)?.[1] ?? instr.text);
      const hint = suggestKeyword(keyword);
      throw new ParseError(
        `unknown instruction "${word}"${hint ? ` (did you mean ${hint}?)` : ''}; expected a Dockerfile instruction such as FROM, RUN or COPY`,
        path,
        at,
      );
    }
    if (!sawFrom && keyword !== 'ARG' && keyword !== 'FROM') {
      throw new ParseError(`expected FROM before ${keyword}: only ARG may come before the first FROM`, path, at);
    }
    if (keyword === 'FROM') sawFrom = true;
    if (keyword === 'ONBUILD') checkOnbuildTrigger(instr, path, at);
    // Every heredoc opens with `<<`; asking the parser for heredocs costs a scan of its own.
    const unterminated = instr.text.includes('<<') ? unterminatedHeredoc(instr.node) : null;
    if (unterminated) {
      throw new ParseError(
        `unterminated heredoc <<${unterminated}: expected a line "${unterminated}" before the end of the file`,
        path,
        at,
      );
    }
  }
  if (!sawFrom) {
    throw new ParseError('no FROM instruction: expected at least one build stage', path, { line: 0, column: 0 });
  }
  return model;
}

/**
 * Docker refuses these triggers when it reads the Dockerfile (BuildKit's parseOnBuild), not
 * only when a child image builds: `ONBUILD FROM x` is an error in the parent's own build.
 * Any other trigger is read only by the child build, so dockopt does not judge it either.
 */
function checkOnbuildTrigger(instr: Instr, path: string | null, at: { line: number; column: number } | null): void {
  let trigger: string | null;
  try {
    trigger = (instr.node as unknown as { getTrigger(): string | null }).getTrigger();
  } catch {
    return;
  }
  // Point at the trigger word when it is on the keyword's line.
  const m = /^([ \t]*\S+[ \t]+)(\S+)/.exec(instr.text);
  const where = at && m && m[2]!.toUpperCase() === trigger ? { line: at.line, column: at.column + m[1]!.length } : at;
  if (trigger === null) throw new ParseError('ONBUILD requires a trigger instruction, as in `ONBUILD RUN make`', path, at);
  if (trigger === 'ONBUILD') throw new ParseError("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", path, where);
  if (trigger === 'FROM' || trigger === 'MAINTAINER') {
    throw new ParseError(`${trigger} isn't allowed as an ONBUILD trigger`, path, where);
  }
}

/** Control and invisible characters as `\uXXXX`, so a message shows what is really there. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u00a0\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The parser's upper-cased keyword token (continuations joined); `fallback` if it has none. */
function parserKeyword(node: { getKeyword(): string } | null, fallback: string): string {
  try {
    return node ? node.getKeyword() : fallback;
  } catch {
    return fallback;
  }
}

function unterminatedHeredoc(node: unknown): string | null {
  const getHeredocs = (node as { getHeredocs?: () => { getName(): string; getDelimiterRange(): unknown }[] } | null)
    ?.getHeredocs;
  if (!getHeredocs) return null;
  try {
    for (const heredoc of getHeredocs.call(node)) {
      if (heredoc.getDelimiterRange() === null) return heredoc.getName();
    }
  } catch {
    return null;
  }
  return null;
}

/** A close keyword for typos like RUM or COPPY (edit distance 1–2). */
function suggestKeyword(word: string): string | null {
  return closest(word, KEYWORDS, 2);
}
