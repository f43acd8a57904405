import * as assert from 'node:assert/strict';
import type { BudgetStatus } from '../../src/core/aws/budget-status';
import type { PriceRecord } from '../../src/core/prices/price-types';
import { budgetItem } from '../../src/ui/bundles/aws';
import { commandLink, escapeMarkdown, inlineCode, md, ownMarkdown } from '../../src/ui/markdown-text';
import { priceMarkdown } from '../../src/ui/views/price-markdown';

const COMMAND_LINK = '[x](command:priceAtlas.downloadPriceLists?%5B%5D)';
const IMAGE = '![i](http://evil/x.png)';
const HTML = '<img src="http://evil/y.png" onerror="alert(1)">';
const PAYLOAD = `${COMMAND_LINK} ${IMAGE} ${HTML}`;

/** What a CommonMark renderer shows for backslash escapes: the character itself. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** No link, image or HTML can start anywhere: every such character is escaped. */
function assertInert(value: string): void {
  assert.doesNotMatch(value, /(^|[^\\])\]\(/, value);
  assert.doesNotMatch(value, /(^|[^\\])</, value);
  assert.doesNotMatch(value, /(^|[^\\])!\[/, value);
  assert.doesNotMatch(value, /(^|[^\\])(https?|command):/, value);
}

describe('markdown escaping', () => {
  it('escapes every ASCII punctuation character, and shows the text unchanged', () => {
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    for (const c of punctuation) assert.equal(escapeMarkdown(c), `\\${c}`, c);
    assert.equal(escapeMarkdown('m5.large'), 'm5\\.large');
    assert.equal(escapeMarkdown('plain text 123'), 'plain text 123');
    assert.equal(shown(escapeMarkdown(PAYLOAD)), PAYLOAD);
    assertInert(escapeMarkdown(PAYLOAD));
  });

  it('a value cannot start a block of its own or hide control characters', () => {
    assert.equal(escapeMarkdown('a\n# heading\r\n- item\u2028| row |'), 'a \\# heading \\- item \\| row \\|');
    assert.equal(escapeMarkdown('bell\u0007 and nul\u0000'), 'bell and nul');
  });

  it('md`` escapes values, not the template; numbers and our own markdown go in as they are', () => {
    assert.equal(md`**${'a*b'}** ${2} vCPU ${0.096}`, '**a\\*b** 2 vCPU 0.096');
    assert.equal(md`${ownMarkdown('**bold**')} ${undefined}${null}`, '**bold** ');
    assert.equal(md`${Number.NaN}`, 'NaN');
    assertInert(md`**${PAYLOAD}** in ${PAYLOAD}`);
  });

  it('inlineCode keeps any text verbatim inside a fence longer than its backticks', () => {
    assert.equal(inlineCode('/offers/v1.0/aws/index.json').ownMarkdown, '` /offers/v1.0/aws/index.json `');
    assert.equal(inlineCode('a`b``c\nd').ownMarkdown, '``` a`b``c d ```');
  });

  it('commandLink: the title is text, and no character of the arguments can end the link', () => {
    const link = commandLink('Download ](x) us-east-1', 'priceAtlas.downloadPriceLists', { regions: ['us)east'] }).ownMarkdown;
    assert.equal(link, '[Download \\]\\(x\\) us\\-east\\-1](command:priceAtlas.downloadPriceLists?%7B%22regions%22%3A%5B%22us%29east%22%5D%7D)');
    assert.equal(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1, -1))).regions[0], 'us)east');
  });
});

function hostileRecord(): PriceRecord {
  return {
    kind: 'ec2',
    size: `m5.large${COMMAND_LINK}`,
    region: 'ap-south-1',
    currency: `USD${IMAGE}`,
    variant: { operatingSystem: HTML, tenancy: 'Shared' },
    onDemand: { hourly: 0.096 },
    reserved: [{ term: '1yr', class: `standard${COMMAND_LINK}`, purchase: HTML, hourly: 0.06, upfront: 0, effectiveHourly: 0.06 }],
    savingsPlans: [{ plan: 'Compute', term: '1yr', purchase: IMAGE, hourly: 0.07 }],
    specs: { vcpu: 2, memoryGiB: 8, architecture: PAYLOAD },
    usageType: 'BoxUsage:m5.large',
    operation: 'RunInstances',
    source: { offerCode: 'AmazonEC2', version: `2025 ${COMMAND_LINK}`, publicationDate: `${IMAGE} ${HTML}` },
  };
}

describe('tooltips built from hostile values', () => {
  it('priceMarkdown (Instance Prices tooltip): sizes, attributes, terms, currency and source are text', () => {
    const value = priceMarkdown(hostileRecord(), 730);
    assertInert(value);
    // Shown, escaped: the reader sees the characters.
    assert.ok(shown(value).includes(`m5.large${COMMAND_LINK}`));
    assert.ok(shown(value).includes(`2025 ${COMMAND_LINK}`));
    // Our own markup still works: bold, tables, numbers as they are.
    assert.match(value, /^\*\*m5\\\.large/);
    assert.match(value, /\| Reserved \| class \| purchase \|/);
    assert.match(value, /\(730 h\)/);
  });

  it('Budgets tooltips: a budget\u2019s name, type and currency unit from AWS are text', () => {
    const b: BudgetStatus = {
      name: PAYLOAD,
      type: `COST${IMAGE}`,
      timeUnit: 'MONTHLY',
      limit: { amount: 100, unit: `EUR${COMMAND_LINK}` },
      actual: { amount: 50, unit: 'USD' },
      forecast: null,
      percentUsed: 50,
      forecastPercent: null,
      threshold: 'under',
      period: null,
      lastUpdated: null,
      scope: { kind: 'filtered', services: [PAYLOAD], rule: `filtered by service ${COMMAND_LINK}` },
    };
    const item = budgetItem(b, []);
    assertInert(item.tooltip ?? '');
    assert.ok(shown(item.tooltip ?? '').includes(PAYLOAD));
    assert.match(item.tooltip ?? '', /^\*\*/, 'the name is still bold');
    assert.ok(shown(item.tooltip ?? '').includes(`Counts: filtered by service ${COMMAND_LINK}`), 'the filter is shown, as text');
  });
});
