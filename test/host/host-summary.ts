// Turns what a host run left behind (the report, the workbench's exit code, a driver error) into
// the lines the driver prints and a verdict. Pure, so the rules are unit-tested: a count is
// printed only when the report has one, and a run passes only with passed > 0 and failed = 0.

import type { HostReport } from './host-report';

export interface RunOutcome {
  /** The report file's content; undefined when none was written or it could not be read. */
  report?: HostReport;
  /** What the workbench passed to codeAutomationExit; undefined when it never did. */
  exitCode?: number;
  /** Why the driver gave up (timeout, code-server did not start, the page crashed). */
  runError?: string;
}

export interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

export interface RunSummary {
  /** One line per test, then the failures' messages. */
  lines: string[];
  /** Why the run failed, beyond failing tests. */
  problems: string[];
  /** Undefined when the run left no counts: then no count is printed. */
  counts?: Counts;
  ok: boolean;
}

export function countLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.pending ? `, ${c.pending} pending` : ''}`;
}

export function summarize(outcome: RunOutcome): RunSummary {
  const { report, exitCode, runError } = outcome;
  const lines: string[] = [];
  const problems: string[] = [];
  if (runError) problems.push(runError);

  if (!report || report.runs === 0) {
    if (!report) problems.push(`no report was written to PRICE_ATLAS_HOST_REPORT (host exit code ${exitCode ?? 'none'}), so the counts are unknown`);
    else if (report.error) problems.push(`the suite failed before any test ran: ${report.error}`);
    else
      problems.push(
        `${report.suite} ran no mocha run the driver could see (it must use the project's mocha), so the counts are unknown (host exit code ${exitCode ?? 'none'})`,
      );
    return { lines, problems, ok: false };
  }

  const counts: Counts = { passed: 0, failed: 0, pending: 0 };
  for (const t of report.tests) {
    if (t.state === 'passed') {
      counts.passed++;
      lines.push(`  ✔ ${t.fullTitle}`);
    } else if (t.state === 'pending') {
      counts.pending++;
      lines.push(`  - ${t.fullTitle}`);
    } else {
      counts.failed++;
      lines.push(`  ✖ ${t.fullTitle}`);
      if (t.error)
        lines.push(
          t.error
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n'),
        );
    }
  }
  if (!report.ended || !report.settled) {
    const reported = report.tests.filter((t) => !/"(before|after) (all|each)" hook/.test(t.title)).length;
    const missing = Math.max(0, report.total - reported);
    problems.push(`the run stopped before it ended: the counts are the tests that reported${missing ? `; ${missing} of ${report.total} did not` : ''}`);
  }
  if (report.error && counts.failed === 0) problems.push(`the suite's run() failed: ${report.error}`);
  if (exitCode === undefined && problems.length === 0) problems.push('the workbench never reported an exit code');
  if (exitCode !== undefined && exitCode !== 0 && counts.failed === 0 && problems.length === 0)
    problems.push(`the extension host exited with code ${exitCode}`);
  if (counts.passed === 0 && counts.failed === 0) problems.push('no test passed');
  return { lines, problems, counts, ok: problems.length === 0 && counts.failed === 0 && counts.passed > 0 };
}
