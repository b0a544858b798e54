/**
 * Printer for instructions that passes create or rewrite whole. Untouched instructions never
 * come here: they print their original text. Every break inside an instruction is
 * `[ifBreak([' ', escape]), line]`, so a broken line always ends in the file's escape char.
 */
import { builders, printer } from 'prettier/doc';

type Doc = builders.Doc;
import { TextMemo } from './memo.js';
import type { DockerfileStyle } from './model.js';

const { group, indent, line, ifBreak, join } = builders;

export type NewInstruction =
  | { kind: 'FROM'; image: string; platform?: string; stage?: string }
  | { kind: 'RUN'; mounts?: string[]; commands: string[] }
  | { kind: 'COPY' | 'ADD'; flags?: string[]; sources: string[]; dest: string }
  | { kind: 'ENV'; pairs: [string, string][] }
  | { kind: 'ARG'; name: string; defaultValue?: string }
  | { kind: 'WORKDIR'; path: string }
  | { kind: 'USER'; user: string }
  | { kind: 'CMD' | 'ENTRYPOINT'; exec: string[] }
  | { kind: 'CMD' | 'ENTRYPOINT'; shell: string }
  | { kind: 'EXPOSE'; ports: string[] }
  | { kind: 'LABEL'; pairs: [string, string][] }
  | { kind: 'STOPSIGNAL'; signal: string }
  | { kind: 'VOLUME'; paths: string[] };

export const PRINT_WIDTH = 80;

/**
 * Printed instructions by node and style: passes create the same few instructions
 * (`COPY go.mod go.sum ./`, the runtime FROM, `USER 65532:65532`) in Dockerfile after
 * Dockerfile, and laying out a doc costs far more than writing its key.
 */
const printed = new TextMemo<string>(4_096);

/** Print one instruction (no trailing EOL) in the file's style. */
export function printInstruction(node: NewInstruction, style: DockerfileStyle): string {
  return printed.get(JSON.stringify(node), `${style.escape}${style.eol}`, () => {
    const doc = instructionDoc(node, style.escape);
    const { formatted } = printer.printDocToString(doc, { printWidth: PRINT_WIDTH, tabWidth: 4, useTabs: false });
    return style.eol === '\n' ? formatted : formatted.replace(/\n/g, style.eol);
  });
}

function instructionDoc(node: NewInstruction, escape: string): Doc {
  const br: Doc = [ifBreak([' ', escape]), line];
  switch (node.kind) {
    case 'FROM': {
      const parts: Doc[] = ['FROM'];
      if (node.platform) parts.push(` --platform=${node.platform}`);
      parts.push(` ${node.image}`);
      if (node.stage) parts.push(` AS ${node.stage}`);
      return parts;
    }
    case 'RUN': {
      const mounts = (node.mounts ?? []).map((m) => `--mount=${m}`);
      const [first, ...rest] = node.commands;
      if (first === undefined) throw new Error('RUN needs at least one command');
      const head: Doc[] = mounts.length > 0 ? [indent([br, join(br, mounts)]), indent([br, first])] : [' ', first];
      return group(['RUN', ...head, indent(rest.map((cmd) => [' &&', br, cmd]))]);
    }
    case 'COPY':
    case 'ADD': {
      const words = [...(node.flags ?? []), ...node.sources.map(shellWord), shellWord(node.dest)];
      return group([node.kind, ' ', indent(join(br, words))]);
    }
    case 'ENV':
    case 'LABEL': {
      const pairs = node.pairs.map(([k, v]) => `${k}=${shellWord(v)}`);
      return group([node.kind, ' ', indent(join(br, pairs))]);
    }
    case 'ARG':
      return `ARG ${node.name}${node.defaultValue === undefined ? '' : `=${shellWord(node.defaultValue)}`}`;
    case 'WORKDIR':
      return `WORKDIR ${node.path}`;
    case 'USER':
      return `USER ${node.user}`;
    case 'CMD':
    case 'ENTRYPOINT': {
      if ('shell' in node) return `${node.kind} ${node.shell}`;
      const items = node.exec.map((arg) => JSON.stringify(arg));
      return group([node.kind, ' [', indent(join([',', br], items)), ']']);
    }
    case 'EXPOSE':
      return `EXPOSE ${node.ports.join(' ')}`;
    case 'STOPSIGNAL':
      return `STOPSIGNAL ${node.signal}`;
    case 'VOLUME':
      return `VOLUME ${JSON.stringify(node.paths)}`;
    default:
      throw new Error(`printer has no case for instruction ${JSON.stringify(node satisfies never)}`);
  }
}

/** Quote a word for shell-form instructions when it needs it. */
export function shellWord(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./${}*?\[\]~-]+$/.test(value)) return value;
  // `$` stays unescaped: variables in a value must expand as they did where it was copied from.
  return `"${value.replace(/(["\\`])/g, '\\$1')}"`;
}
