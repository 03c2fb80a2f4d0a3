/**
 * The per-module gate of `npm run test:mutation`: reads the results every run keeps
 * (reports/mutation/stryker-incremental.json, all modules, whichever were re-run this time),
 * writes the score table into reports/mutation/README.md and fails when a module the config
 * mutates is below the break threshold or has not been run. StrykerJS's own threshold judges
 * the run's total only, so one module's drop could hide behind the others.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'reports', 'mutation', 'stryker-incremental.json');
const README = path.join(ROOT, 'reports', 'mutation', 'README.md');
const BEGIN = '<!-- scores: written by npm run test:mutation -->';
const END = '<!-- end of scores -->';

export interface ModuleScore {
  readonly module: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly invalid: number;
  readonly ignored: number;
  /** Killed (or timed out) over killed + survived + no coverage, in %; undefined when never run. */
  readonly score: number | undefined;
}

/**
 * The modules `mutate` names: a `dir/*.ts` pattern is every .ts file directly in dir but its index
 * (re-exports); a `!file` pattern takes that file out (a module with nothing to mutate).
 */
export function listedModules(patterns: readonly string[]): string[] {
  const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return patterns.filter((p) => !p.startsWith('!')).flatMap((p) => {
    if (!p.endsWith('/*.ts')) return [p];
    const dir = p.slice(0, -'/*.ts'.length);
    return fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort().map((f) => `${dir}/${f}`);
  }).filter((module) => !excluded.includes(module));
}

/** StrykerJS's score: detected (killed, timed out) over detected and undetected (survived, no coverage). */
export function moduleScores(report: any, modules: readonly string[]): ModuleScore[] {
  return modules.map((module) => {
    const statuses: string[] = (report.files[module]?.mutants ?? []).map((m: any) => m.status);
    const count = (...of: string[]) => statuses.filter((s) => of.includes(s)).length;
    const killed = count('Killed', 'Timeout');
    const undetected = count('Survived', 'NoCoverage');
    return {
      module,
      killed,
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      invalid: count('CompileError', 'RuntimeError'),
      ignored: count('Ignored'),
      score: report.files[module] === undefined ? undefined : killed + undetected === 0 ? 100 : (100 * killed) / (killed + undetected),
    };
  });
}

export function scoreTable(scores: readonly ModuleScore[]): string {
  const rows = scores.map((s) => {
    const score = s.score === undefined ? 'not run' : `**${Math.floor(s.score * 10) / 10} %**`;
    return `| ${s.module} | ${s.killed} | ${s.survived} | ${s.noCoverage} | ${s.invalid} | ${s.ignored} | ${score} |`;
  });
  return ['| module | killed | survived | no coverage | invalid | ignored | score |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function failing(scores: readonly ModuleScore[], breakAt: number): string[] {
  return scores.filter((s) => s.score === undefined || s.score < breakAt)
    .map((s) => s.score === undefined ? `${s.module}: not run` : `${s.module}: ${s.score.toFixed(1)} % < ${breakAt} %`);
}

/** The scores of the committed results, and the README with its table rewritten from them. */
export function committedScores(): { scores: ModuleScore[]; breakAt: number; readme: string } {
  const config = require(path.join(ROOT, 'stryker.config.js'));
  const scores = moduleScores(JSON.parse(fs.readFileSync(RESULTS, 'utf8')), listedModules(config.mutate));
  const readme = fs.readFileSync(README, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${README} has no ${BEGIN} ... ${END} section to write the scores into`);
  return { scores, breakAt: config.thresholds.break, readme: `${readme.slice(0, start + BEGIN.length)}\n${scoreTable(scores)}\n${readme.slice(end)}` };
}

function main(): void {
  const { scores, breakAt, readme } = committedScores();
  fs.writeFileSync(README, readme);
  const below = failing(scores, breakAt);
  if (below.length > 0) {
    process.stderr.write(`Mutation score under the break threshold (${breakAt} %) per module:\n  ${below.join('\n  ')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main();
}
