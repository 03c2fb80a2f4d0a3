#!/usr/bin/env node
/**
 * `cdk8s-tracing-smoke`: the smoke test for a live tracing stack (see --help). Exit status 0
 * when every check passes, 1 when one fails, 2 for a bad command line.
 */
import { HELP, parseOptions, SmokeOptions, UsageError } from './options';
import { runSmoke, SmokeReport } from './run';

/** Writes progress to stderr: one updating line on a terminal, plain lines otherwise. */
function progressWriter(stream: NodeJS.WriteStream): { write(message: string): void; end(): void } {
  let open = false;
  return {
    write(message) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${message}`);
        open = true;
      } else {
        stream.write(`${message}\n`);
      }
    },
    end() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

function formatReport(report: SmokeReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  return [
    `tracing smoke test ${report.runId}: OTLP ${report.otlpUrl}, Jaeger query ${report.queryUrl}`,
    ...report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`),
    report.ok ? 'all checks passed' : `${report.checks.filter((c) => !c.ok).length} of ${report.checks.length} checks failed`,
  ].join('\n') + '\n';
}

/** Runs the command; resolves to the exit status. */
export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let options: SmokeOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(`cdk8s-tracing-smoke: ${e.message}\n\n${HELP}`);
    return 2;
  }
  if (options === 'help') {
    stdout.write(HELP);
    return 0;
  }
  const progress = progressWriter(stderr);
  const report = await runSmoke(options, (m) => progress.write(m));
  progress.end();
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`cdk8s-tracing-smoke: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
