/** docs/sizing.md's benchmark section is the committed bench/RESULTS.md, as `npm run bench` wrote it. */
import * as fs from 'fs';
import * as path from 'path';
import { markdown } from '../bench/report';

const ROOT = path.join(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

test('bench/RESULTS.md is what the report writer makes of bench/results.json', () => {
  expect(read('bench/RESULTS.md')).toContain(markdown(JSON.parse(read('bench/results.json'))));
});

test('docs/sizing.md shows the committed results', () => {
  const doc = read('docs/sizing.md');
  expect(doc).toContain('<!-- bench:start -->');
  expect(doc).toContain('<!-- bench:end -->');
  const section = doc.slice(doc.indexOf('<!-- bench:start -->') + '<!-- bench:start -->'.length, doc.indexOf('<!-- bench:end -->'));
  expect(section.trim()).toBe(markdown(JSON.parse(read('bench/results.json'))).trim());
});
