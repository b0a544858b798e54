/**
 * Every corpus file must parse and print back byte for byte. The corpus is kept out of git's
 * line-ending conversion by `.gitattributes` (`test/corpus/** -text`), so CRLF, lone CR, BOM
 * and missing final newlines are real bytes here (DESIGN §8).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ParseError } from '../src/errors.js';
import { decodeDockerfile, parseDockerfile } from '../src/dockerfile/parse.js';
import { readCorpus } from './fuzz.js';

const corpus = readCorpus();

test('the corpus has at least 45 files', () => {
  assert.ok(corpus.length >= 45, `only ${corpus.length} corpus files`);
});

test('the corpus really contains the byte-level oddities it claims', () => {
  const texts = corpus.map((file) => file.text);
  assert.ok(texts.some((t) => t.startsWith('\ufeff')), 'a file with a BOM');
  assert.ok(texts.some((t) => /\r\n/.test(t)), 'a file with CRLF');
  assert.ok(texts.some((t) => /\r(?!\n)/.test(t)), 'a file with a lone CR');
  assert.ok(texts.some((t) => /\r\n/.test(t) && /(?<!\r)\n/.test(t)), 'a file with mixed EOLs');
  assert.ok(texts.some((t) => !/[\r\n]$/.test(t)), 'a file without a final newline');
  assert.ok(texts.some((t) => t.startsWith('# escape=`')), 'a backtick-escape file');
  assert.ok(texts.some((t) => /^RUN <<-EOT/m.test(t)), 'a RUN <<- heredoc');
  assert.ok(texts.some((t) => /^(\ufeff)?# syntax=/.test(t)), 'a # syntax= directive');
});

for (const { name, text } of corpus) {
  test(`prints ${name} back byte for byte`, () => {
    const model = parseDockerfile(text, name);
    assert.is(model.print(), text);
    assert.is(model.changed, false);
  });

  test(`${name}: slices partition the input and no instruction text holds its EOL`, () => {
    const model = parseDockerfile(text, name);
    let rebuilt = model.header;
    for (const instr of model.instrs) {
      assert.is(text.slice(instr.start, instr.start + instr.text.length), instr.text);
      assert.ok(!/^[\r\n]|[\r\n]$/.test(instr.text), `EOL at the edge of ${JSON.stringify(instr.text)}`);
      rebuilt += instr.detached + instr.attached + instr.text + instr.eol;
    }
    assert.is(rebuilt + model.trailing, text);
  });
}

// Regression: TextDecoder drops a leading BOM unless told not to, so files lost their BOM.
test('decodeDockerfile keeps the BOM', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('FROM a\r\n')]);
  assert.is(decodeDockerfile(bytes, 'Dockerfile'), '\ufeffFROM a\r\n');
});

// Regression: the parser ends such a range at column 0 of the next (empty) line, and the
// model took that EOL into the instruction's text and printed a second one.
for (const text of ['FROM a\nRUN x \\\n', 'FROM a\\\r\n', 'FROM a\nRUN x \\\n\n\n', 'FROM a\rRUN x \\\r\r', 'FROM a\nRUN x \\\n# c\n']) {
  test(`a continuation before the end of the file prints back: ${JSON.stringify(text)}`, () => {
    const model = parseDockerfile(text);
    assert.is(model.print(), text);
    assert.ok(!/[\r\n]$/.test(model.instrs[model.instrs.length - 1]!.text));
  });
}

// Regression: only the leading letters were checked, so Docker's unknown instructions passed.
for (const [line, word] of [['RUN2 go build .', 'RUN2'], ['CMD["/app"]', 'CMD["/app"]'], ['FROM--platform=x b', 'FROM--platform=x'], ['RUN\vx', 'RUN\\u000bx']]) {
  test(`an instruction keyword runs up to whitespace, as in Docker: ${JSON.stringify(line)} is unknown`, () => {
    const error = (() => {
      try {
        parseDockerfile(`FROM golang:1.22\n${line}\n`);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    assert.instance(error, ParseError);
    assert.ok((error as ParseError).message.startsWith(`unknown instruction "${word}"`), (error as ParseError).message);
    assert.equal((error as ParseError).position, { line: 1, column: 0 });
  });
}

test('a keyword followed by a continuation is still the keyword', () => {
  assert.is(parseDockerfile('FROM a\nRUN\\\n  go build .\n').instrs[1]!.keyword, 'RUN');
});

// Docker refuses these ONBUILD triggers in the parent's own build (BuildKit's parseOnBuild).
for (const [line, message, column] of [
  ['ONBUILD FROM alpine', "FROM isn't allowed as an ONBUILD trigger", 8],
  ['onbuild  maintainer me', "MAINTAINER isn't allowed as an ONBUILD trigger", 9],
  ['ONBUILD ONBUILD RUN x', "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", 8],
  ['ONBUILD \\\n  FROM alpine', "FROM isn't allowed as an ONBUILD trigger", 0],
  ['ONBUILD', 'ONBUILD requires a trigger instruction', 0],
] as const) {
  test(`a trigger Docker refuses is a parse error: ${JSON.stringify(line)}`, () => {
    const error = (() => {
      try {
        parseDockerfile(`FROM golang:1.22\n${line}\nRUN go build -o /app .\n`);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    assert.instance(error, ParseError);
    assert.ok((error as ParseError).message.startsWith(message), (error as ParseError).message);
    assert.equal((error as ParseError).position, { line: 1, column });
  });
}

test('other ONBUILD triggers are left to the child build', () => {
  const text = 'FROM golang:1.22\nONBUILD COPY . /src\nONBUILD RUN go build ./...\nONBUILD RUM typo\n';
  assert.is(parseDockerfile(text).print(), text);
});

test.run();
