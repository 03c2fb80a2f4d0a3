/**
 * The library compiles with jsii (the cdk8s ecosystem's packaging: what makes the API usable
 * from Python, Java, Go and .NET), and the API references generated from its doc comments,
 * docs/API.md (TypeScript) and docs/API.python.md, are current. Both run in a copy of the package, so the repository is untouched.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './support/synth';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

function run(cwd: string, command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(path.join(BIN, command), args, { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('jsii compiles the library; docs/API.md and the props checks\' struct table are what it gives', () => {
  const work = tempDir('jsii-');
  for (const entry of ['lib', 'imports', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE']) {
    fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));

  const jsii = run(work, 'jsii', ['--silence-warnings=reserved-word']);
  expect({ status: jsii.status, errors: jsii.output.split('\n').filter((l) => /error|warning JSII/.test(l)) }).toEqual({ status: 0, errors: [] });

  // The props checks read the structs of this assembly (scripts/prop-types.ts): a prop added to an
  // interface and not regenerated would be refused as unknown.
  const propTypes = path.join(work, 'prop-types.generated.ts');
  expect(spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'scripts', 'prop-types.ts'), work, propTypes], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
  if (fs.readFileSync(propTypes, 'utf8') !== fs.readFileSync(path.join(ROOT, 'lib', 'k8s', 'prop-types.generated.ts'), 'utf8')) {
    throw new Error('lib/k8s/prop-types.generated.ts is stale: run `npm run docs` and commit it');
  }

  // The reference in TypeScript and in Python (the other languages' packages are built and used
  // by the consumer tier; their reference differs from these by naming only).
  for (const [language, file] of [['typescript', 'API.md'], ['python', 'API.python.md']]) {
    const docgen = run(work, 'jsii-docgen', ['-l', language, '-o', file]);
    expect({ language, status: docgen.status }).toEqual({ language, status: 0 });
    if (fs.readFileSync(path.join(work, file), 'utf8') !== fs.readFileSync(path.join(ROOT, 'docs', file), 'utf8')) {
      throw new Error(`docs/${file} is stale: run \`npm run docs\` and commit it`);
    }
  }
}, 180_000);
