// The README's IAM table is what an administrator grants: it must list exactly the requests each
// command and view sends. Each is run here against the local AWS server and the operations it
// recorded are compared with the table's row, and the IAM actions with the policy example.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { silentLogger } from '../../src/core/logger';
import { loadBudgetsSnapshot } from '../../src/ui/bundles/aws';
import { startAwsServer } from '../fakes/aws-server';
import type { AwsServer } from '../fakes/aws-server';
import { cliAwsEnv, withProcessEnv } from './aws-helpers';
import { runCli, tempDir } from './helpers';

const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

// The IAM action that allows each API operation (Budgets reads are all budgets:ViewBudget; STS
// GetCallerIdentity needs none). An operation missing here fails the test until it is added.
const iamActionOf: Record<string, string | null> = {
  'sts:GetCallerIdentity': null,
  'budgets:DescribeBudgets': 'budgets:ViewBudget',
  'budgets:DescribeBudgetPerformanceHistory': 'budgets:ViewBudget',
  'ce:GetCostAndUsage': 'ce:GetCostAndUsage',
  'ce:GetCostForecast': 'ce:GetCostForecast',
  'ec2:DescribeSpotPriceHistory': 'ec2:DescribeSpotPriceHistory',
  'pricing:GetProducts': 'pricing:GetProducts',
};

const codes = (cell: string): string[] => [...cell.matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((m) => m[1]!).sort();

/** Rows of the table whose header starts `| command or view | API requests | IAM actions |`. */
function iamTable(): Map<string, { requests: string[]; actions: string[] }> {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^\| command or view \| API requests \| IAM actions \|$/.test(l));
  assert.ok(start >= 0, 'the README has the IAM table (| command or view | API requests | IAM actions |)');
  const rows = new Map<string, { requests: string[]; actions: string[] }>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [name, requests, actions] = line
      .split('|')
      .slice(1, 4)
      .map((c) => c.trim());
    rows.set(name!, { requests: codes(requests!), actions: codes(actions!) });
  }
  return rows;
}

describe('README: the IAM table lists exactly what each command and view sends', function () {
  this.timeout(60_000);
  let server: AwsServer;
  before(async () => {
    server = await startAwsServer();
  });
  after(() => server.close());

  /** The distinct operations the server saw during `body`. */
  const sent = async (body: () => Promise<unknown>): Promise<string[]> => {
    server.requests.length = 0;
    await body();
    return [...new Set(server.requests.map((r) => r.operation))].sort();
  };
  const cli = (args: string[]) => async () => {
    const run = await runCli(args, { env: cliAwsEnv(server) });
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  };

  it('per command and view: the requests recorded, and the IAM actions they need', async () => {
    const observed = new Map<string, string[]>([
      ['`budgets`', await sent(cli(['budgets']))],
      ['`costs`', await sent(cli(['costs', '--refresh', '--cache-dir', tempDir('readme-ce')]))],
      ['`spot`', await sent(cli(['spot', 'm5.large']))],
      ['`price --api`', await sent(cli(['price', 'm5.large', '--region', 'us-east-1', '--store', tempDir('readme-store'), '--api']))],
      [
        'Budgets view',
        await sent(() =>
          withProcessEnv({ ...cliAwsEnv(server), AWS_PROFILE: undefined }, () =>
            loadBudgetsSnapshot({ cacheDir: tempDir('readme-view'), costTtlMs: 0, force: true, logger: silentLogger }),
          ),
        ),
      ],
    ]);
    const table = iamTable();
    assert.deepEqual([...table.keys()].sort(), [...observed.keys()].sort(), 'one row per command or view that calls AWS');
    for (const [name, operations] of observed) {
      const row = table.get(name)!;
      assert.deepEqual(row.requests, operations, `${name}: the API requests column`);
      for (const op of operations) assert.ok(op in iamActionOf, `add ${op} to iamActionOf`);
      const actions = [...new Set(operations.map((op) => iamActionOf[op]).filter((a): a is string => a !== null))].sort();
      assert.deepEqual(row.actions, actions, `${name}: the IAM actions column`);
    }
    // The policy example grants exactly the union.
    const policy = /```json\n(\{"Version": "2012-10-17"[\s\S]*?)\n```/.exec(readme);
    assert.ok(policy, 'the README has the example policy');
    const granted = (JSON.parse(policy[1]!) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action).sort();
    assert.deepEqual(granted, [...new Set([...table.values()].flatMap((r) => r.actions))].sort());
  });

  it('says what Cost Explorer costs, how the cache avoids repeats, the default-region order and the timeout variable', () => {
    // (assert.ok, not assert.match: a failure should not print the whole README.)
    for (const [what, pattern] of [
      ['the price of a Cost Explorer request', /Cost Explorer charges \$0\.01 per API request/],
      ['the cache setting that avoids repeats', /`priceAtlas\.costCacheHours`[^\n]*\n?[^\n]*(reuse|repeat)/],
      ['the CLI cache option', /`--cache-ttl`/],
      [
        'the default-region order',
        /### Default region\n[\s\S]*`\$AWS_REGION`[\s\S]*`\$AWS_DEFAULT_REGION`[\s\S]*`region` of the selected profile[\s\S]*us-east-1/,
      ],
      ['the timeout variable', /`\$PRICE_ATLAS_AWS_TIMEOUT_MS`/],
    ] as const) {
      assert.ok(pattern.test(readme), `the README names ${what} (${pattern})`);
    }
  });
});
