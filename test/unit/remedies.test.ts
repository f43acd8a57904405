import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { adviceText, optionFlags } from '../../src/cli/present-error';
import { cliCommands } from '../../src/cli/program';
import { PriceAtlasError, adviceOf } from '../../src/core/errors';
import type { OptionId } from '../../src/core/remedy';
import { optionRemedy } from '../../src/core/remedy';
import { allRemedyActions, remedyActions, settingOf } from '../../src/ui/remedy-actions';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> }; viewsContainers: { activitybar: { id: string }[] } };
};

describe('remedies: one piece of advice, worded by each host', () => {
  it('every flag the CLI words an option with is a flag some command has', () => {
    const known = new Set(cliCommands.flatMap((c) => c.options().map((o) => o.long)));
    for (const [option, text] of Object.entries(optionFlags)) {
      for (const flag of text.match(/--[a-z-]+/g) ?? []) assert.ok(known.has(flag), `${option}: ${flag} is no option of any command`);
    }
  });

  it('every button and link the editor offers runs a contributed command or opens a contributed setting', () => {
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
    const containers = new Set(pkg.contributes.viewsContainers.activitybar.map((c) => c.id));
    const actions = allRemedyActions();
    assert.ok(actions.length >= 5);
    for (const a of actions) {
      if (a.command === 'workbench.action.openSettings') assert.ok(settings.has(a.args[0] as string), `${a.title}: no setting ${String(a.args[0])}`);
      else if (a.command.startsWith('workbench.view.extension.'))
        assert.ok(containers.has(a.command.slice('workbench.view.extension.'.length)), `${a.title}: no view container behind ${a.command}`);
      else assert.ok(commands.has(a.command), `${a.title}: no command ${a.command}`);
    }
  });

  it('an option is named after the hint on the command line, and is a button in the editor', () => {
    const err = new PriceAtlasError('https://x.example/offers/v1.0/aws/index.json is not valid JSON', 'check that the endpoint serves AWS price lists', {
      remedy: optionRemedy('endpoint'),
    });
    assert.equal(adviceText(adviceOf(err)), 'check that the endpoint serves AWS price lists (--endpoint URL (or PRICE_ATLAS_ENDPOINT))');
    assert.deepEqual(
      remedyActions(err.remedy).map((a) => [a.title, a.command, a.args]),
      [['Open Settings', 'workbench.action.openSettings', ['priceAtlas.endpoint']]],
    );
    assert.equal(settingOf('endpoint'), 'priceAtlas.endpoint');
  });

  it('a download remedy is a command line to paste, and a Download button with the services and regions', () => {
    const remedy = { kind: 'download' as const, services: ['AmazonRDS'], regions: ['eu-west-1'], missing: 'offer' as const };
    assert.equal(
      adviceText({ remedy }, 'my store'),
      "Download and index them: price-atlas download --services AmazonRDS --regions eu-west-1 && price-atlas index .aws-pricing --store 'my store'",
    );
    assert.deepEqual(remedyActions(remedy), [
      {
        title: 'Download AmazonRDS eu-west-1',
        icon: 'cloud-download',
        command: 'priceAtlas.downloadPriceLists',
        args: [{ services: ['AmazonRDS'], regions: ['eu-west-1'] }],
      },
    ]);
  });

  it('an option the editor has no setting for offers no button, and the hint alone stands', () => {
    const cliOnly: OptionId[] = ['maxFileSize', 'totalTimeout', 'cacheDir', 'store', 'metricsDir'];
    for (const option of cliOnly) assert.deepEqual(remedyActions(optionRemedy(option)), [], option);
    assert.equal(adviceText({ remedy: optionRemedy('maxFileSize') }), 'use --max-file-size SIZE');
    assert.equal(adviceText({ hint: 'free some space' }), 'free some space');
    assert.equal(adviceText({}), undefined);
  });

  it('the debug log is a flag on the command line and the Show Log button in the editor', () => {
    const err = new PriceAtlasError('AWS sent an odd amount', 'try again; if it persists, report it with the debug log', { remedy: optionRemedy('logLevel') });
    assert.equal(adviceText(adviceOf(err)), 'try again; if it persists, report it with the debug log (--log-level debug)');
    assert.deepEqual(
      remedyActions(err.remedy).map((a) => a.command),
      ['priceAtlas.showLog'],
    );
  });

  it('a list remedy is the listing command on the command line, and the Services view in the editor', () => {
    assert.equal(adviceText({ hint: 'no such offer code', remedy: { kind: 'list', of: 'services' } }), 'no such offer code; list them: price-atlas services');
    assert.equal(adviceText({ remedy: { kind: 'list', of: 'regions', service: 'AmazonEC2' } }), 'list them: price-atlas regions AmazonEC2');
    assert.deepEqual(
      remedyActions({ kind: 'list', of: 'regions' }).map((a) => [a.title, a.command]),
      [['Show Services', 'workbench.view.extension.priceAtlas']],
    );
  });

  it('advice crosses a worker or a result object as plain data', () => {
    const err = new PriceAtlasError('m', 'h', { remedy: { kind: 'index' } });
    assert.deepEqual(structuredClone(adviceOf(err)), { hint: 'h', remedy: { kind: 'index' } });
    assert.deepEqual(adviceOf(new Error('plain')), {});
  });
});
