import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode, PriceNode } from '../../../src/ui/views/prices-view';
import type { RegionNode } from '../../../src/ui/views/services-view';
import { extensionApi } from '../extension-api';

// Offer files and sidecars come from a mirror (or a cloned repository's .aws-pricing), and sizes
// and regions from the file being edited: none of it may turn into markdown in a hover or a
// tooltip. The values below would otherwise be a command link, a remote image and raw HTML.

const COMMAND_LINK = '[x](command:priceAtlas.downloadPriceLists?%7B%22services%22%3A%5B%22AmazonEC2%22%5D%7D)';
const IMAGE = '![i](http://evil/x.png)';
const HTML = '<img src="http://evil/y.png" onerror="alert(1)">';
const PAYLOAD = `${COMMAND_LINK} ${IMAGE} ${HTML}`;
const HOSTILE_SIZE = `m5.hostile${COMMAND_LINK}`;

function workspaceDir(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

/** No markdown construct survives: every bracket, angle bracket and `!` of a value is escaped. */
function assertInert(value: string, what: string): void {
  assert.doesNotMatch(value, /(^|[^\\])\]\(/, `${what}: no live link or image: ${value}`);
  assert.doesNotMatch(value, /(^|[^\\])</, `${what}: no raw HTML: ${value}`);
  assert.doesNotMatch(value, /(^|[^\\])!\[/, `${what}: no image: ${value}`);
  assert.ok(!value.includes(COMMAND_LINK) && !value.includes(IMAGE), `${what}: payload escaped: ${value}`);
}

/** The hostile text is shown, escaped (so the test cannot pass by showing nothing). */
function assertShownEscaped(value: string, fragment: string, what: string): void {
  const escaped = fragment.replace(/[!-/:-@[-`{-~]/g, '\\$&');
  assert.ok(value.includes(escaped), `${what} shows ${fragment} escaped as ${escaped}: ${value}`);
}

/** The EC2 us-east-1 offer the fake server serves, turned into a hostile ap-south-1 offer. */
function hostileOffer(): string {
  const root = process.env.PRICE_ATLAS_TEST_FIXTURE_ROOT;
  assert.ok(root, 'the driver passes PRICE_ATLAS_TEST_FIXTURE_ROOT');
  const ec2 = path.join(root, 'offers', 'v1.0', 'aws', 'AmazonEC2');
  const version = readdirSync(ec2).find((v) => /^\d{14}$/.test(v));
  assert.ok(version);
  const offer = JSON.parse(readFileSync(path.join(ec2, version, 'us-east-1', 'index.json'), 'utf8')) as {
    version: string;
    publicationDate: string;
    products: Record<string, { attributes: Record<string, string> }>;
  };
  offer.version = `20250101000000 ${COMMAND_LINK}`;
  offer.publicationDate = `2025-01-01T00:00:00Z ${IMAGE} ${HTML}`;
  let renamed = false;
  for (const p of Object.values(offer.products)) {
    const a = p.attributes;
    if (a.regionCode === 'us-east-1') a.regionCode = 'ap-south-1';
    if (a.location === 'US East (N. Virginia)') a.location = 'Asia Pacific (Mumbai)';
    if (a.instanceType === 'm5.large') {
      a.physicalProcessor = `Hostile ${HTML}`;
      a.processorArchitecture = PAYLOAD;
    }
    if (
      !renamed &&
      a.instanceType === 'm5.xlarge' &&
      a.operatingSystem === 'Linux' &&
      a.tenancy === 'Shared' &&
      a.preInstalledSw === 'NA' &&
      a.capacitystatus === 'Used'
    ) {
      a.instanceType = HOSTILE_SIZE;
      renamed = true;
    }
  }
  assert.ok(renamed, 'a Linux m5.xlarge product to rename');
  return JSON.stringify(offer, null, 2);
}

describe('values from files and the network stay text in hovers and tooltips (real host)', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const a = await extensionApi();
    const dir = path.join(workspaceDir(), '.aws-pricing', 'offers', 'v1.0', 'aws', 'AmazonEC2', '20250101000000', 'ap-south-1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.json'), hostileOffer());
    const built = await vscode.commands.executeCommand<{ results: { offerCode: string; regions: { region: string }[] }[]; failures: unknown[] }>(
      'priceAtlas.buildIndex',
    );
    assert.ok(
      built.results.some((r) => r.regions.some((x) => x.region === 'ap-south-1')),
      JSON.stringify(built),
    );
    assert.ok((await a.services.index().regions()).includes('ap-south-1'));
    const file = path.join(workspaceDir(), 'hostile', 'main.tf');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'provider "aws" {\n  region = "ap-south-1"\n}\n\nresource "aws_instance" "web" {\n  instance_type = "m5.large"\n}\n');
    doc = await vscode.workspace.openTextDocument(file);
  });

  after(async () => {
    const a = await extensionApi();
    await a.services.prices.setRegion('us-east-1');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the IaC hover escapes the offer\u2019s version, publication date and processor attributes, and trusts only its own commands', async () => {
    const a = await extensionApi();
    const position = doc.positionAt(doc.getText().indexOf('m5.large') + 1);
    const hover = await a.hover.provideHover(doc, position);
    assert.ok(hover, 'a hover');
    const md = hover.contents[0] as vscode.MarkdownString;
    assertInert(md.value, 'hover');
    assertShownEscaped(md.value, COMMAND_LINK, 'hover (architecture, version)');
    assertShownEscaped(md.value, IMAGE, 'hover (publication date)');
    assert.equal(md.supportHtml, false);
    // A priced hover builds no command link, so no command is trusted: a link smuggled in by an offer file runs nothing.
    assert.equal(md.isTrusted, false, JSON.stringify(md.isTrusted));

    // What the editor receives through the hover API is the same escaped text.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assertInert(text, 'hover via the editor');
  });

  it('a hover without a price keeps its own command links, and only those', async () => {
    const a = await extensionApi();
    const file = path.join(workspaceDir(), 'hostile', 'unpriced.tf');
    writeFileSync(file, 'provider "aws" {\n  region = "ap-south-1"\n}\n\nresource "aws_instance" "x" {\n  instance_type = "t2.micro"\n}\n');
    const unpriced = await vscode.workspace.openTextDocument(file);
    const hover = await a.hover.provideHover(unpriced, unpriced.positionAt(unpriced.getText().indexOf('t2.micro') + 1));
    assert.ok(hover);
    const md = hover.contents[0] as vscode.MarkdownString;
    // Its own links stay, and the only commands a link may run are the two it builds.
    assert.match(md.value, /\]\(command:priceAtlas\.downloadPriceLists\?/);
    assert.match(md.value, /\]\(command:workbench\.action\.openSettings\?/);
    assert.deepEqual(md.isTrusted, { enabledCommands: ['priceAtlas.downloadPriceLists', 'workbench.action.openSettings'] });
    assert.equal(md.supportHtml, false);
    assert.doesNotMatch(md.value, /(^|[^\\])</);
    assert.doesNotMatch(md.value, /(^|[^\\])!\[/);
  });

  it('Instance Prices tooltips escape sizes and attributes from the offer', async () => {
    const a = await extensionApi();
    await a.services.prices.setRegion('ap-south-1');
    const groups = (await a.services.prices.getChildren()).filter((n): n is GroupNode => n.type === 'group');
    const rows: PriceNode[] = [];
    for (const g of groups) rows.push(...((await a.services.prices.getChildren(g)) as PriceNode[]));
    const hostile = rows.find((r) => r.record.size === HOSTILE_SIZE);
    assert.ok(hostile, rows.map((r) => r.record.size).join(', '));
    const md = a.services.prices.getTreeItem(hostile).tooltip as vscode.MarkdownString;
    assertInert(md.value, 'tooltip');
    assertShownEscaped(md.value, HOSTILE_SIZE, 'tooltip (size)');
    assert.equal(md.supportHtml, false);
    assert.ok(!md.isTrusted, 'tooltips run no commands');
    const m5 = rows.find((r) => r.record.size === 'm5.large')!;
    const m5md = a.services.prices.getTreeItem(m5).tooltip as vscode.MarkdownString;
    assertInert(m5md.value, 'm5.large tooltip');
    assertShownEscaped(m5md.value, COMMAND_LINK, 'm5.large tooltip (architecture)');
  });

  it('Services tooltips escape what a sidecar says', async () => {
    const a = await extensionApi();
    const regions = (
      await a.services.services.getChildren((await a.services.services.getChildren()).find((n) => n.type === 'service' && n.offerCode === 'AmazonEC2'))
    ).filter((n): n is RegionNode => n.type === 'region');
    const west = regions.find((r) => r.region === 'eu-west-1');
    assert.ok(west?.file);
    mkdirSync(path.dirname(west.file), { recursive: true });
    const sha = 'a'.repeat(64);
    writeFileSync(`${west.file}.sha256`, `${sha}  ${path.basename(west.file)}\n`);
    writeFileSync(`${west.file}.meta.json`, JSON.stringify({ url: west.url, size: 1, sha256: sha, downloadedAt: new Date().toISOString(), version: PAYLOAD }));
    try {
      const node = (
        await a.services.services.getChildren((await a.services.services.getChildren()).find((n) => n.type === 'service' && n.offerCode === 'AmazonEC2'))
      ).find((n): n is RegionNode => n.type === 'region' && n.region === 'eu-west-1');
      assert.equal(node?.state.kind, 'downloaded');
      const md = a.services.services.getTreeItem(node).tooltip as vscode.MarkdownString;
      assertInert(md.value, 'services tooltip');
      assertShownEscaped(md.value, COMMAND_LINK, 'services tooltip (version)');
      assert.ok(!md.isTrusted);
    } finally {
      rmSync(`${west.file}.sha256`, { force: true });
      rmSync(`${west.file}.meta.json`, { force: true });
    }
  });
});
