import * as assert from 'node:assert/strict';
import { choiceOption, numberOption, parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/core/errors';

const specs = {
  services: { type: 'list' as const },
  regions: { type: 'list' as const },
  format: { type: 'string' as const },
  json: { type: 'boolean' as const },
  'savings-plans': { type: 'boolean' as const, negatable: true },
  'max-concurrent': { type: 'string' as const },
};

describe('CLI argument parsing', () => {
  it('takes lists space- or comma-separated, repeated or with =', () => {
    const a = parseArgs(['--services', 'AmazonEC2', 'AmazonRDS', '--regions=us-east-1,eu-west-1', '--json', '--regions', 'ap-south-1'], specs);
    assert.deepEqual(a.lists.get('services'), ['AmazonEC2', 'AmazonRDS']);
    assert.deepEqual(a.lists.get('regions'), ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.equal(a.booleans.get('json'), true);
  });

  it('supports --no- for negatable flags only', () => {
    assert.equal(parseArgs(['--no-savings-plans'], specs).booleans.get('savings-plans'), false);
    assert.throws(() => parseArgs(['--no-json'], specs), UsageError);
  });

  it('rejects unknown options with a suggestion', () => {
    assert.throws(() => parseArgs(['--servics', 'x'], specs), (e: unknown) => e instanceof UsageError && e.hint === 'did you mean --services?');
    assert.throws(() => parseArgs(['-x'], specs), UsageError);
    assert.throws(() => parseArgs(['--format'], specs), /needs a value/);
    assert.throws(() => parseArgs(['--services'], specs), /at least one value/);
  });

  it('validates numbers and choices', () => {
    const a = parseArgs(['--max-concurrent', '4', '--format', 'csv'], specs);
    assert.equal(numberOption(a, 'max-concurrent', 8, { min: 1, max: 64, integer: true }), 4);
    assert.equal(choiceOption(a, 'format', ['json', 'csv'], 'json'), 'csv');
    assert.throws(() => numberOption(parseArgs(['--max-concurrent', '0'], specs), 'max-concurrent', 8, { min: 1, max: 64, integer: true }), /from 1 to 64/);
    assert.throws(() => numberOption(parseArgs(['--max-concurrent', '2.5'], specs), 'max-concurrent', 8, { min: 1, max: 64, integer: true }), /integer/);
    assert.throws(() => choiceOption(parseArgs(['--format', 'xml'], specs), 'format', ['json', 'csv'], 'json'), /json, csv/);
  });
});
