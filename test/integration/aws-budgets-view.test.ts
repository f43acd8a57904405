// The Budgets view's data (src/ui/bundles/aws.ts, loaded without VS Code: it imports the view's
// types only) against the local AWS server: what the view and its log channel would show.
import * as assert from 'node:assert/strict';
import { createJsonLogger } from '../../src/core/logger';
import { loadBudgetsSnapshot } from '../../src/ui/bundles/aws';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { cliAwsEnv, fakeSecret, fakeSessionToken, fixedNow, withProcessEnv } from './aws-helpers';
import { tempDir } from './helpers';

describe('Budgets view data (in-process, against the local AWS server)', function () {
  this.timeout(30_000);
  let server: AwsServer;

  before(async () => {
    server = await startAwsServer({ now: () => fixedNow });
  });
  after(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });

  /** One load as the extension does it (credentials and endpoint from process.env), with its log lines. */
  const load = async (): Promise<{ shown: string; log: string }> => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'debug', write: (l) => lines.push(l) });
    // The view reads process.env (the editor's environment); keep the fake one for this call only.
    const snapshot = await withProcessEnv({ ...cliAwsEnv(server), AWS_PROFILE: undefined }, () =>
      loadBudgetsSnapshot({ cacheDir: tempDir('view-ce'), costTtlMs: 3_600_000, force: false, logger, now: () => fixedNow }),
    );
    return { shown: JSON.stringify(snapshot), log: lines.join('') };
  };

  it('never shows the session token that AWS echoed in an error code, in the view or its log', async () => {
    server.setFault('sts:GetCallerIdentity', { code: 'InternalFailure', sessionTokenInCode: true, status: 500, times: 9 });
    const sts = await load();
    server.clearFaults();
    server.setFault('budgets:DescribeBudgets', { code: 'AccessDenied', sessionTokenInCode: true, times: 9 });
    server.setFault('ce:GetCostAndUsage', { code: 'Bogus', sessionTokenInCode: true, times: 9 });
    const later = await load();
    for (const { shown, log } of [sts, later]) {
      for (const secret of [fakeSessionToken, fakeSecret]) {
        assert.ok(!shown.includes(secret), `the view shows a secret: ${shown.slice(0, 500)}`);
        assert.ok(!log.includes(secret), `the log shows a secret: ${log.slice(0, 1000)}`);
      }
      assert.match(shown, /\[redacted\]/, 'the code was shown, less the token');
    }
    assert.match(sts.log, /"msg":"AWS request failed, retrying"/);
    assert.match(later.shown, /Month-to-date costs unavailable/);
  });
});
