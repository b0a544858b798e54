/** Edit helpers of the lossless model: what moves with what, and which bytes are kept. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildModel, type Instr, type Model } from '../src/dockerfile/model.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { readCorpus } from './fuzz.js';

/** The n-th (0-based) instruction with this keyword. */
function find(model: Model, keyword: string, n = 0): Instr {
  const found = model.instrs.filter((instr) => instr.keyword === keyword)[n];
  if (!found) throw new Error(`no ${keyword} #${n}`);
  return found;
}

function argumentValues(instr: Instr): string[] {
  return instr.node!.getArguments().map((arg) => arg.getValue());
}

test('insertBefore keeps the attached comments directly above the ref and moves its blank line up', () => {
  const model = parseDockerfile('FROM golang:1.22\n\n# build the binary\nRUN go build -o /app .\n');
  const build = find(model, 'RUN');
  model.insertBefore(build, model.create('RUN go mod download'));
  assert.is(model.print(), 'FROM golang:1.22\n\nRUN go mod download\n# build the binary\nRUN go build -o /app .\n');
});

test('insertBefore with several instructions keeps their order and the section blank line on the first', () => {
  const model = parseDockerfile('FROM golang:1.22\n\n# source\nCOPY . .\n');
  model.insertBefore(find(model, 'COPY'), model.create('COPY go.mod go.sum ./'), model.create('RUN go mod download'));
  assert.is(
    model.print(),
    'FROM golang:1.22\n\nCOPY go.mod go.sum ./\nRUN go mod download\n# source\nCOPY . .\n',
  );
});

test('insertBefore the first instruction puts the text after the BOM and parser directives', () => {
  const text = '\ufeff# syntax=docker/dockerfile:1\n# escape=\\\nFROM golang:${GO}\n';
  const model = parseDockerfile(text);
  model.insertBefore(model.instrs[0]!, model.create('ARG GO=1.22'));
  assert.is(model.print(), '\ufeff# syntax=docker/dockerfile:1\n# escape=\\\nARG GO=1.22\nFROM golang:${GO}\n');
  assert.is(model.header, '\ufeff# syntax=docker/dockerfile:1\n# escape=\\\n');
});

test('insertBefore the first instruction keeps the blank line after the directives first', () => {
  const model = parseDockerfile('# syntax=docker/dockerfile:1\n\n# the build\nFROM golang:${GO}\n');
  model.insertBefore(model.instrs[0]!, model.create('ARG GO=1.22'));
  assert.is(model.print(), '# syntax=docker/dockerfile:1\n\nARG GO=1.22\n# the build\nFROM golang:${GO}\n');
});

test('insertBefore the first instruction of a BOM file without directives keeps the BOM first', () => {
  const model = parseDockerfile('\ufeffFROM golang:${GO}\n');
  model.insertBefore(model.instrs[0]!, model.create('ARG GO=1.22'));
  assert.is(model.print(), '\ufeffARG GO=1.22\nFROM golang:${GO}\n');
});

test('insertAfter the last instruction of a file without final newline keeps no final newline', () => {
  const model = parseDockerfile('FROM golang:1.22\nRUN go build -o /app .');
  model.insertAfter(find(model, 'RUN'), model.create('CMD ["/app"]'));
  assert.is(model.print(), 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]');
  model.append(model.create('EXPOSE 8080'));
  assert.is(model.print(), 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\nEXPOSE 8080');
});

test('insertAfter the last instruction goes before trailing comments', () => {
  const model = parseDockerfile('FROM golang:1.22\nRUN go build -o /app .\n\n# end');
  model.insertAfter(find(model, 'RUN'), model.create('CMD ["/app"]'));
  assert.is(model.print(), 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n\n# end');
});

test('insertAfter in the middle keeps the next instruction’s comments with it', () => {
  const model = parseDockerfile('FROM a\nWORKDIR /src\n# copy\nCOPY . .\n');
  model.insertAfter(find(model, 'WORKDIR'), model.create('COPY go.mod ./'));
  assert.is(model.print(), 'FROM a\nWORKDIR /src\nCOPY go.mod ./\n# copy\nCOPY . .\n');
});

test('CRLF files get CRLF for new instructions', () => {
  const model = parseDockerfile('FROM golang:1.22\r\n# build\r\nRUN go build -o /app .\r\n');
  assert.is(model.style.eol, '\r\n');
  model.insertBefore(find(model, 'RUN'), model.create('COPY . .'));
  model.append(model.create('CMD ["/app"]'));
  assert.is(model.print(), 'FROM golang:1.22\r\nCOPY . .\r\n# build\r\nRUN go build -o /app .\r\nCMD ["/app"]\r\n');
});

test('CRLF files without a final newline get CRLF between new instructions and none at the end', () => {
  const model = parseDockerfile('FROM golang:1.22\r\nRUN go build -o /app .');
  model.append(model.create('USER 65532'), model.create('CMD ["/app"]'));
  assert.is(model.print(), 'FROM golang:1.22\r\nRUN go build -o /app .\r\nUSER 65532\r\nCMD ["/app"]');
});

test('lone-CR files get CR for new instructions', () => {
  const model = parseDockerfile('FROM golang:1.22\rRUN go build -o /app .\r');
  assert.is(model.style.eol, '\r');
  model.append(model.create('CMD ["/app"]'));
  assert.is(model.print(), 'FROM golang:1.22\rRUN go build -o /app .\rCMD ["/app"]\r');
});

test('remove takes the attached comments along and keeps the section blank line', () => {
  const model = parseDockerfile('FROM a\n\n# fetch\nRUN go get ./...\nRUN go build .\n');
  model.remove(find(model, 'RUN'));
  assert.is(model.print(), 'FROM a\n\nRUN go build .\n');
});

test('remove keeps exactly one section separator when the next instruction has its own', () => {
  const model = parseDockerfile('FROM a\n\n# fetch\nRUN go get ./...\n\n# build\nRUN go build .\n');
  model.remove(find(model, 'RUN'));
  assert.is(model.print(), 'FROM a\n\n# build\nRUN go build .\n');
});

test('remove of the last instruction keeps trailing comments and the missing final newline', () => {
  const model = parseDockerfile('FROM a\nRUN go build .\nCMD ["/app"]');
  model.remove(find(model, 'CMD'));
  assert.is(model.print(), 'FROM a\nRUN go build .');
  const withTrailing = parseDockerfile('FROM a\nRUN go build .\n# end\n');
  withTrailing.remove(find(withTrailing, 'RUN'));
  assert.is(withTrailing.print(), 'FROM a\n# end\n');
});

test('remove takes comments inside continuations along (they are part of the text)', () => {
  const model = parseDockerfile('FROM a\nRUN apk add \\\n    # build tools\n    gcc\nCMD x\n');
  model.remove(find(model, 'RUN'));
  assert.is(model.print(), 'FROM a\nCMD x\n');
});

test('moveBefore moves an instruction with its attached comments', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\n\n# sources\nCOPY . .\n# deps\nRUN go mod download\nRUN go build -o /app .\n';
  const model = parseDockerfile(text);
  const download = find(model, 'RUN');
  model.moveBefore(download, find(model, 'COPY'));
  assert.is(
    model.print(),
    'FROM golang:1.22\nWORKDIR /src\n\n# deps\nRUN go mod download\n# sources\nCOPY . .\nRUN go build -o /app .\n',
  );
  assert.ok(download.touched);
  assert.equal(download.origin, { line: 6, column: 0, endLine: 6, endColumn: 19 });
});

test('moveBefore the previous instruction leaves the section blank line above the moved one', () => {
  const model = parseDockerfile('FROM a\n\nCOPY . .\n\nRUN go mod download\nRUN go build .\n');
  model.moveBefore(find(model, 'RUN'), find(model, 'COPY'));
  assert.is(model.print(), 'FROM a\n\nRUN go mod download\nCOPY . .\n\nRUN go build .\n');
});

test('moveBefore the last instruction of a file without final newline keeps none', () => {
  const model = parseDockerfile('FROM a\nCOPY . .\nRUN go mod download');
  model.moveBefore(find(model, 'RUN'), find(model, 'COPY'));
  assert.is(model.print(), 'FROM a\nRUN go mod download\nCOPY . .');
});

test('moveBefore itself is a no-op', () => {
  const text = 'FROM a\n# c\nRUN x\n';
  const model = parseDockerfile(text);
  model.moveBefore(find(model, 'RUN'), find(model, 'RUN'));
  assert.is(model.print(), text);
});

test('setText re-parses: keyword and arguments reflect the new text', () => {
  const model = parseDockerfile('FROM golang:1.22\n# build\nRUN go build .\n');
  const run = find(model, 'RUN');
  const version = model.version;
  model.setText(run, 'run CGO_ENABLED=0 go build \\\n    -o /app .');
  assert.is(run.keyword, 'RUN');
  assert.is(run.node!.getKeyword(), 'RUN');
  assert.equal(argumentValues(run), ['CGO_ENABLED=0', 'go', 'build', '-o', '/app', '.']);
  assert.is(run.slice(run.node!.getArguments()[4]!.getRange()), '/app');
  assert.ok(run.touched);
  assert.ok(model.version > version);
  assert.equal(run.origin, { line: 2, column: 0, endLine: 2, endColumn: 14 });
  assert.is(model.print(), 'FROM golang:1.22\n# build\nrun CGO_ENABLED=0 go build \\\n    -o /app .\n');
});

test('setText to another keyword changes the keyword', () => {
  const model = parseDockerfile('FROM a\nADD . /src\n');
  const add = find(model, 'ADD');
  model.setText(add, 'COPY . /src');
  assert.is(add.keyword, 'COPY');
  assert.is(add.node!.getKeyword(), 'COPY');
  assert.is(model.stages()[0]!.body[0], add);
});

test('setText with the same text changes nothing', () => {
  const model = parseDockerfile('FROM a\nRUN x\n');
  const run = find(model, 'RUN');
  model.setText(run, 'RUN x');
  assert.not.ok(run.touched);
  assert.not.ok(model.changed);
});

test('setText to a heredoc makes the instruction opaque', () => {
  const model = parseDockerfile('FROM a\nRUN x\n');
  const run = find(model, 'RUN');
  model.setText(run, 'RUN <<EOF\necho hi\nEOF');
  assert.ok(run.opaque);
  assert.is(model.print(), 'FROM a\nRUN <<EOF\necho hi\nEOF\n');
});

test('splice replaces a parser range surgically and keeps casing and continuations', () => {
  const model = parseDockerfile('from golang:1.22 \\\n  as build\nrun go build .\n');
  const from = model.instrs[0]!;
  const image = from.node!.getArguments()[0]!;
  model.splice(from, image.getRange(), 'golang:1.23');
  assert.is(model.print(), 'from golang:1.23 \\\n  as build\nrun go build .\n');
  const run = find(model, 'RUN');
  const build = run.node!.getArguments()[1]!;
  const [, end] = run.localOffsets(build.getRange());
  model.insertText(run, end, ' -trimpath');
  assert.is(model.print(), 'from golang:1.23 \\\n  as build\nrun go build -trimpath .\n');
  assert.is(model.stages()[0]!.name, 'build');
});

test('create in a backtick-escape file parses backtick continuations', () => {
  const model = parseDockerfile('# escape=`\nFROM golang:1.22\nWORKDIR C:\\src\n');
  assert.is(model.style.escape, '`');
  const run = model.create('RUN go build `\n    -o C:\\out\\app.exe .');
  assert.is(run.keyword, 'RUN');
  assert.equal(argumentValues(run), ['go', 'build', '-o', 'C:\\out\\app.exe', '.']);
  assert.is(run.slice(run.node!.getArguments()[3]!.getRange()), 'C:\\out\\app.exe');
  const [from, to] = run.localOffsets(run.node!.getArguments()[3]!.getRange());
  assert.is(run.text.slice(from, to), 'C:\\out\\app.exe');
  model.append(run);
  assert.is(model.print(), '# escape=`\nFROM golang:1.22\nWORKDIR C:\\src\nRUN go build `\n    -o C:\\out\\app.exe .\n');
});

test('clone in a backtick-escape file copies the exact text with inner comments', () => {
  const text = '# escape=`\r\nFROM a AS build\r\nRUN go build `\r\n    # output\r\n    -o app.exe .\r\nFROM b\r\n';
  const model = parseDockerfile(text);
  const run = find(model, 'RUN');
  const copy = model.clone(run);
  assert.is(copy.text, run.text);
  assert.ok(copy.touched);
  assert.is(copy.origin, null);
  assert.equal(argumentValues(copy), ['go', 'build', '-o', 'app.exe', '.']);
  model.append(copy);
  assert.is(model.print(), text + 'RUN go build `\r\n    # output\r\n    -o app.exe .\r\n');
});

test('clone keeps a heredoc instruction opaque', () => {
  const model = parseDockerfile('FROM a\nCOPY <<EOF /x\nhello\nEOF\n');
  const copy = model.clone(find(model, 'COPY'));
  assert.ok(copy.opaque);
});

test('a backslash is not a continuation in a backtick-escape file', () => {
  const model = parseDockerfile('# escape=`\nFROM a\nRUN echo C:\\ \nCMD x\n');
  assert.equal(
    model.instrs.map((instr) => instr.keyword),
    ['FROM', 'RUN', 'CMD'],
  );
});

test('stages and globalArgs see edits', () => {
  const model = parseDockerfile('ARG GO=1.22\nFROM golang:${GO} AS Build\nRUN go build .\nFROM scratch\nCOPY --from=build /app /app\n');
  assert.equal(model.globalArgs().map((instr) => instr.text), ['ARG GO=1.22']);
  assert.equal(model.stages().map((stage) => stage.name), ['build', null]);
  model.insertBefore(find(model, 'FROM', 1), model.create('ARG LATE=1'));
  assert.is(model.stages()[0]!.body.length, 2);
  assert.is(model.globalArgs().length, 1);
});

test('touched lists exactly the created and changed instructions', () => {
  const model = parseDockerfile('FROM a\nRUN x\nCMD y\n');
  const added = model.create('USER 65532');
  model.insertBefore(find(model, 'CMD'), added);
  model.setText(find(model, 'RUN'), 'RUN z');
  assert.equal(model.touched().map((instr) => instr.text), ['RUN z', 'USER 65532']);
});

test('stage provenance is what a pass recorded, original otherwise, and survives edits inside the stage', () => {
  const model = parseDockerfile('FROM golang:1.22 AS builder\nRUN go build -o /server .\n');
  const [from, run] = model.instrs as [Instr, Instr];
  assert.is(model.stageProvenance(from), 'original');
  model.setText(run, 'RUN CGO_ENABLED=0 go build -o /server .');
  assert.is(model.stageProvenance(from), 'original', 'an edit inside a stage is not a split');
  model.markStage(from, 'split');
  const runtime = model.create('FROM scratch');
  model.append(runtime);
  model.markStage(runtime, 'created');
  assert.is(model.stageProvenance(from), 'split');
  assert.is(model.stageProvenance(runtime), 'created');
  assert.throws(() => model.markStage(run, 'split'), /FROM/);
});

test('an instruction not in the model is refused', () => {
  const model = parseDockerfile('FROM a\n');
  const other = parseDockerfile('FROM b\n');
  assert.throws(() => model.remove(other.instrs[0]!), /not part of this model/);
});

test('inserting before the first instruction of every corpus file keeps the header and adds one instruction', () => {
  for (const { name, text } of readCorpus()) {
    const model = parseDockerfile(text, name);
    const keywords = model.instrs.map((instr) => instr.keyword);
    model.insertBefore(model.instrs[0]!, model.create('ARG DOCKOPT=1'));
    const printed = model.print();
    assert.ok(printed.startsWith(model.header + model.instrs[0]!.detached + 'ARG DOCKOPT=1' + model.style.eol), name);
    const again = buildModel(printed).model;
    assert.equal(again.instrs.map((instr) => instr.keyword), ['ARG', ...keywords], name);
    assert.is(again.header, model.header, name);
  }
});

test.run();
