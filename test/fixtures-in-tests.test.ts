/**
 * The unit tests run the library only inside tests, never while a test file loads.
 *
 * `npm run test:mutation` credits a test with the code that ran while it ran; what a file builds
 * at load (a top-level synth, a `describe` body, a `test.each` table made by a library factory)
 * belongs to no test, so the assertions reading it are run against no mutant. Such a file passes
 * `npm test` and quietly lowers what the mutation gate can see: this test refuses it and names the
 * statement. Build it with `fixture(() => ...)` (test/support/fixture.ts) or inside the test.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');

/** What the test-support modules export that runs library code when called. */
const SUPPORT_CALLING_LIB: Record<string, string[]> = {
  synth: ['synthObjects', 'synthApp', 'synthTo'],
  'stack-variants': ['composeStack'],
  'random-platform': ['build'],
  storage: ['storageFromSpec'],
  backend: ['jaegerIn', 'withBackend'],
};

/** Test files the mutation run leaves out (jest.mutation.config.js): they may build at load. */
const NOT_IN_KILLING_SET = require(path.join(ROOT, 'jest.mutation.config.js')).testPathIgnorePatterns
  .filter((p: string) => p.startsWith('<rootDir>/'))
  .map((p: string) => p.replace('<rootDir>/', ''));

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ['e2e', 'cluster', 'support'].includes(e.name) ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

function callsLibrary(source: ts.SourceFile): Set<string> {
  const touching = new Set<string>();
  for (const s of source.statements) {
    if (!ts.isImportDeclaration(s) || !s.importClause) continue;
    const from = (s.moduleSpecifier as ts.StringLiteral).text;
    const lib = /(^|\/)(lib|main)(\/|$)/.test(from);
    const support = SUPPORT_CALLING_LIB[from.match(/support\/([\w-]+)$/)?.[1] ?? ''] ?? [];
    const c = s.importClause;
    if (lib && c.name) touching.add(c.name.text);
    if (lib && c.namedBindings && ts.isNamespaceImport(c.namedBindings)) touching.add(c.namedBindings.name.text);
    if (c.namedBindings && ts.isNamedImports(c.namedBindings)) {
      for (const e of c.namedBindings.elements) if (lib || support.includes((e.propertyName ?? e.name).text)) touching.add(e.name.text);
    }
  }
  // A function of the file whose body calls one of those (directly or through another) runs it
  // too; one that only returns a closure over them does not.
  const locals = new Map<string, ts.Node>();
  const collect = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name) locals.set(n.name.text, n);
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) locals.set(n.name.text, n.initializer);
    ts.forEachChild(n, collect);
  };
  collect(source);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, body] of locals) {
      if (!touching.has(name) && callsAny(body, touching)) { touching.add(name); grew = true; }
    }
  }
  return touching;
}

/** Whether running a function's body (not the functions it defines) calls one of `names`. */
function callsAny(fn: ts.Node, names: Set<string>): boolean {
  const calls: ts.Node[] = [];
  ts.forEachChild(fn, (c) => loadTimeCalls(c, names, calls));
  return calls.length > 0;
}

/** Methods of an array the library exports (a list of names): calling them runs no library code. */
const ARRAY_METHODS = ['map', 'flatMap', 'filter', 'find', 'some', 'every', 'includes', 'join', 'slice', 'concat'];

/** Calls evaluated at load (not inside a function) whose callee touches the library. */
function loadTimeCalls(node: ts.Node, touching: Set<string>, out: ts.Node[]): void {
  if (ts.isFunctionLike(node)) return;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = node.expression;
    let root: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = root.expression;
    const arrayMethod = ts.isPropertyAccessExpression(callee) && ARRAY_METHODS.includes(callee.name.text);
    if (ts.isIdentifier(root) && touching.has(root.text) && !arrayMethod) { out.push(node); return; }
  }
  ts.forEachChild(node, (c) => loadTimeCalls(c, touching, out));
}

/** The statements a file runs at load: its top level and the bodies of `describe` callbacks. */
function loadTimeStatements(statements: readonly ts.Statement[], out: ts.Node[]): void {
  for (const s of statements) {
    const call = ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) ? s.expression : undefined;
    const callee = call?.expression.getText() ?? '';
    if (call && /^(describe|test|it)\b/.test(callee)) {
      // The table of `test.each(table)` / `describe.each(table)` is evaluated at load.
      if (ts.isCallExpression(call.expression)) out.push(...call.expression.arguments);
      const body = call.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as ts.ArrowFunction | undefined;
      if (callee.startsWith('describe') && body && ts.isBlock(body.body)) loadTimeStatements(body.body.statements, out);
      out.push(...call.arguments.filter((a) => !ts.isFunctionLike(a)));
      continue;
    }
    if (!ts.isImportDeclaration(s) && !ts.isFunctionDeclaration(s)) out.push(s);
  }
}

const files = testFiles(path.join(ROOT, 'test')).concat(path.join(ROOT, 'main.test.ts'))
  .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
  .filter((f) => !NOT_IN_KILLING_SET.includes(f));

test.each(files)('%s runs the library only inside its tests', (file) => {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const touching = callsLibrary(source);
  const statements: ts.Node[] = [];
  loadTimeStatements(source.statements, statements);
  const calls: ts.Node[] = [];
  for (const s of statements) loadTimeCalls(s, touching, calls);
  const where = calls.map((c) => `${file}:${source.getLineAndCharacterOfPosition(c.getStart()).line + 1} ${c.getText().split('\n')[0].slice(0, 80)}`);
  expect(where).toEqual([]);
});

test('the check finds a synth at load and a factory in a table, and accepts fixture()', () => {
  const check = (text: string): number => {
    const source = ts.createSourceFile('x.test.ts', text, ts.ScriptTarget.Latest, true);
    const statements: ts.Node[] = [];
    loadTimeStatements(source.statements, statements);
    const calls: ts.Node[] = [];
    for (const s of statements) loadTimeCalls(s, callsLibrary(source), calls);
    return calls.length;
  };
  const imports = "import { JaegerStack } from '../lib';\nimport { synthObjects, testChart } from './support/synth';\n";
  expect(check(`${imports}const objects = synthObjects(testChart());`)).toBe(1);
  expect(check(`${imports}describe('d', () => { const j = new JaegerStack(testChart(), 'j'); test('t', () => {}); });`)).toBe(1);
  expect(check(`${imports}const build = () => new JaegerStack(testChart(), 'j');\ntest.each([[build()]])('t', () => {});`)).toBe(1);
  expect(check(`${imports}import { fixture } from './support/fixture';\nconst objects = fixture(() => synthObjects(testChart()));\ntest('t', () => { objects(); });`)).toBe(0);
  expect(check(`${imports}const tcp = (port: number) => ({ port });\ntest.each([[tcp(1)]])('t', () => { testChart(); });`)).toBe(0);
});
