// What the test entry inside the extension host (host-entry.ts) tells the driver
// (run-host-tests.ts), as JSON in the file PRICE_ATLAS_HOST_REPORT names. Shared types only.

export interface HostTestResult {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export interface HostReport {
  /** The suite entry that ran (absolute path). */
  suite: string;
  /**
   * Mocha runs that host-entry saw start. 0: the suite never ran the project's mocha (it failed
   * first, or uses another test framework or copy of mocha), so nothing below is a count.
   */
  runs: number;
  /** Tests the runs announced when they started (Runner.total). */
  total: number;
  /** Every test (and failing hook) that reported, in order. */
  tests: HostTestResult[];
  /** Every run that started has ended. */
  ended: boolean;
  /** The suite's run() settled. */
  settled: boolean;
  /** Why run() rejected or could not be called. */
  error?: string;
}
