/**
 * The library knows no platform and no cloud: the platform's choices (its services, its
 * StorageClass, its provisioner) live in main.ts, so another team gets neutral defaults.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM, PLATFORM_SERVICES } from '../main';

const LIB = path.join(__dirname, '..', 'lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Words that name this platform or a cloud's storage; matched whole, case-insensitively. */
const PLATFORM_WORDS = [
  ...PLATFORM_SERVICES,
  PLATFORM.storageClass.name,
  PLATFORM.storageClass.provisioner,
  'ebs',
  'gp3',
];
/** Service names that are also English words ("the agents"): only a quoted one names the service. */
const ENGLISH = new Set(['agents']);

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.each(PLATFORM_WORDS)('lib/ never mentions "%s"', (word) => {
  const pattern = ENGLISH.has(word)
    ? new RegExp(`['"\`]${escape(word)}['"\`]`, 'i')
    : new RegExp(`(^|[^a-z0-9-])${escape(word)}($|[^a-z0-9-])`, 'i');
  const hits = sourceFiles(LIB).flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
    .map((line, i) => ({ where: `${path.relative(LIB, file)}:${i + 1}`, line }))
    .filter(({ line }) => pattern.test(line)));
  expect(hits).toEqual([]);
});
