import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from '../extension-api';

// Hovers, code lenses and diagnostics on real documents in the real host, priced from the cache
// built from the local bulk-pricing server.

const terraform = `terraform {
  backend "s3" {
    region = "eu-west-1" # the state bucket's region, not where things run
  }
}

provider "aws" {
  region = "us-east-1"
}

# instance_type = "x1e.32xlarge" in a comment is not a resource
resource "aws_instance" "web" {
  count         = 2
  instance_type = "m5.large"
  tags = { Note = "was c4.large" }
}

resource "aws_instance" "old" {
  instance_type = "t2.micro"
}

resource "aws_instance" "unknown" {
  instance_type = "m5.large"
}
`;

/** A database with storage and a NAT gateway: the cost model's components beyond instance hours. */
const costTf =
  'provider "aws" {\n  region = "us-east-1"\n}\n\nresource "aws_db_instance" "main" {\n  instance_class    = "db.r6g.large"\n  engine            = "postgres"\n  multi_az          = true\n  allocated_storage = 100\n}\n\nresource "aws_nat_gateway" "nat" {\n  subnet_id = "subnet-1"\n}\n';

function positionOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  return doc.positionAt(at + 1);
}

/**
 * The hovers' markdown as the reader sees its text: values from files are backslash-escaped
 * (markdown-text.ts), which a renderer shows as the characters themselves.
 */
function hoverText(hovers: vscode.Hover[]): string {
  const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('Prices in infrastructure code (real host)', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const a = await extensionApi();
    // Every test here reads EC2 and RDS prices: downloaded once, so no test needs another to run first.
    const outcome = (await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', {
      services: ['AmazonEC2', 'AmazonRDS'],
      regions: ['us-east-1'],
      format: 'json',
    })) as { result?: { ok: boolean } };
    assert.ok(outcome.result?.ok);
    await vscode.commands.executeCommand('priceAtlas.buildIndex');
    assert.ok(await a.services.index().lookup('db.r6g.large', 'us-east-1'), 'RDS prices are indexed');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const dir = path.join(folder, 'infra');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'main.tf');
    writeFileSync(file, terraform);
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hover on a size: price, monthly, best RI and SP, specs, the region it assumed and why, the source', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'm5.large'));
    const text = hoverText(hovers);
    assert.match(text, /\*\*m5\.large\*\* · 2 vCPU · 8 GiB · x86_64/);
    assert.match(text, /On-Demand \*\*\$0\.0960\/h\*\* · \*\*\$70\.08\/month\*\* \(730 h\) · ×2 = \$140\.16\/month/);
    assert.match(text, /\$0\.04800 per vCPU-hour/);
    assert.match(text, /Best Reserved: \$0\.0393\/h effective, 3yr standard All Upfront \(59% less\)/);
    assert.match(text, /Best Savings Plan: \$0\.\d{4}\/h/);
    assert.match(text, /Region \*\*us-east-1\*\*: provider "aws"/);
    assert.match(text, /AmazonEC2 20250912225308, published 2025-09-12/);
  });

  it('nothing in comments or tags, and the state backend region is not used', async () => {
    const inComment = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'x1e.32xlarge'));
    assert.equal(hoverText(inComment).includes('Price Atlas'), false);
    assert.doesNotMatch(hoverText(inComment), /x1e\.32xlarge/);
    const inTag = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'c4.large'));
    assert.doesNotMatch(hoverText(inTag), /c4\.large/);
  });

  it('a size without a price says why and offers the command that fixes it', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 't2.micro'));
    const text = hoverText(hovers);
    assert.match(text, /\*\*t2\.micro\*\* — no price/);
    assert.match(text, /t2\.micro is not in the AmazonEC2 offer for us-east-1/);
  });

  it('code lenses: each resource’s monthly cost, every component counted (root volumes too), and a file total', async () => {
    const a = await extensionApi();
    const gp2 = await a.services.index().lookupComponent('ebs', 'EBS:VolumeUsage.gp2', 'us-east-1');
    assert.ok(gp2 && gp2.unit === 'GB-Mo', 'the EC2 offer prices gp2 storage');
    const root = 8 * gp2.price;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const usd = (n: number): string => `$${n.toFixed(2)}`;
    assert.ok(
      titles.some((t) => t.includes(`aws_instance.web: ${usd(2 * (70.08 + root))}/month for 2 · 2 components · us-east-1`)),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.includes(`aws_instance.unknown: ${usd(70.08 + root)}/month · 2 components`)),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.includes(`aws_instance.old: ${usd(root)}/month (+1 not priced)`)),
      'the size has no price, its volume has: ' + titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.includes(`Price Atlas: ${usd(3 * 70.08 + 4 * root)}/month for 3 resources in this file (1 component not priced)`)),
      titles.join('\n'),
    );
    assert.ok(
      lenses.every((l) => l.command?.command === 'priceAtlas.showCostBreakdown'),
      'each opens the breakdown',
    );
  });

  it('a resource is priced in the variant its file states (RDS engine and Multi-AZ, EC2 tenancy), with why, as estimate does', async () => {
    const a = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'infra', 'db.tf');
    writeFileSync(
      file,
      'provider "aws" {\n  region = "us-east-1"\n}\n\nresource "aws_db_instance" "main" {\n  instance_class = "db.r6g.large"\n  engine         = "postgres"\n  multi_az       = true\n}\n\nresource "aws_db_instance" "computed" {\n  instance_class = "db.m5.large"\n  engine         = var.engine\n}\n',
    );
    const dbDoc = await vscode.workspace.openTextDocument(file);
    const index = a.services.index();
    const wanted = await index.lookup('db.r6g.large', 'us-east-1', { databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' });
    const mysql = await index.lookup('db.r6g.large', 'us-east-1');
    assert.ok(wanted?.onDemand && mysql?.onDemand);
    assert.notEqual(wanted.onDemand.hourly, mysql.onDemand.hourly, 'the fixture tells the variants apart');
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dbDoc.uri, positionOf(dbDoc, 'db.r6g.large')));
    assert.ok(text.includes(`On-Demand **$${wanted.onDemand.hourly.toFixed(4)}/h**`), text);
    assert.match(text, /PostgreSQL \/ Multi-AZ/);
    assert.match(text, /engine = "postgres" → PostgreSQL; multi_az = true → Multi-AZ/);
    const computed = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dbDoc.uri, positionOf(dbDoc, 'db.m5.large')),
    );
    assert.match(computed, /no price/);
    assert.match(computed, /engine is computed in the file/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', dbDoc.uri, 10);
    const monthly = (wanted.onDemand.hourly * 730).toFixed(2);
    assert.ok(
      lenses.some((l) => (l.command?.title ?? '').includes(`aws_db_instance.main: $${monthly}/month`)),
      lenses.map((l) => l.command?.title).join('\n'),
    );
  });

  it('a file’s resources as estimate prices them: storage and gateways in the lens, the breakdown in the hover and in Show Cost Breakdown', async () => {
    const a = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'infra', 'cost.tf');
    writeFileSync(file, costTf);
    const costDoc = await vscode.workspace.openTextDocument(file);
    const index = a.services.index();
    const instance = (await index.lookup('db.r6g.large', 'us-east-1', { databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' }))!.onDemand!.hourly;
    const storage = (await index.lookupComponent('rdsstorage', 'RDS:Multi-AZ-GP2-Storage', 'us-east-1'))!.price;
    const natHours = (await index.lookupComponent('natgateway', 'NatGateway-Hours', 'us-east-1'))!.price;
    const natData = (await index.lookupComponent('natgateway', 'NatGateway-Bytes', 'us-east-1'))!.price;
    const db = 730 * instance + 100 * storage;
    const nat = 730 * natHours;
    const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', costDoc.uri, 10)).map(
      (l) => l.command?.title ?? '',
    );
    assert.ok(
      titles.some((t) => t.includes(`aws_db_instance.main: $${db.toFixed(2)}/month · 2 components · us-east-1`)),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.includes(`aws_nat_gateway.nat: $${nat.toFixed(2)}/month (+1 not priced) · us-east-1`)),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.includes(`Price Atlas: $${(db + nat).toFixed(2)}/month for 2 resources in this file (1 component not priced)`)),
      titles.join('\n'),
    );

    const hover = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', costDoc.uri, positionOf(costDoc, 'db.r6g.large')),
    );
    assert.match(hover, /#### aws_db_instance\.main — \$[\d.]+\/month/);
    assert.match(hover, /\| Database storage \| gp2 \/ Multi-AZ .*\| 100 GB-Mo \|/);
    assert.ok(hover.includes(`$${(100 * storage).toFixed(2)}`), hover);

    const shown = await vscode.commands.executeCommand<string>('priceAtlas.showCostBreakdown', costDoc.uri.toString());
    assert.ok(shown, 'the command returns the breakdown it opened');
    const breakdown = (await vscode.workspace.openTextDocument(vscode.Uri.parse(shown))).getText().replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(breakdown, /# Cost of infra\/cost\.tf/);
    assert.ok(breakdown.includes(`**$${(db + nat).toFixed(2)}/month** for 2 resources`), breakdown);
    assert.ok(breakdown.includes(`Not priced: **Data processed** ($${Number(natData.toPrecision(4))} per GB): usage-based`), breakdown);
  });

  it('a usage file (priceAtlas.usageFile, Infracost format) prices usage-based components in the lenses', async () => {
    const a = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(path.join(folder, 'infracost-usage.yml'), 'version: 0.1\nresource_usage:\n  aws_nat_gateway.nat:\n    monthly_data_processed_gb: 100\n');
    writeFileSync(path.join(folder, 'infra', 'cost.tf'), costTf);
    const costDoc = await vscode.workspace.openTextDocument(path.join(folder, 'infra', 'cost.tf'));
    const index = a.services.index();
    const hours = (await index.lookupComponent('natgateway', 'NatGateway-Hours', 'us-east-1'))!.price;
    const data = (await index.lookupComponent('natgateway', 'NatGateway-Bytes', 'us-east-1'))!.price;
    const config = vscode.workspace.getConfiguration('priceAtlas');
    await config.update('usageFile', 'infracost-usage.yml', vscode.ConfigurationTarget.Workspace);
    try {
      const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', costDoc.uri, 10)).map(
        (l) => l.command?.title ?? '',
      );
      assert.ok(
        titles.some((t) => t.includes(`aws_nat_gateway.nat: $${(730 * hours + 100 * data).toFixed(2)}/month · 2 components · us-east-1`)),
        titles.join('\n'),
      );
    } finally {
      await config.update('usageFile', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const after = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', costDoc.uri, 10)).map(
      (l) => l.command?.title ?? '',
    );
    assert.ok(
      after.some((t) => t.includes('aws_nat_gateway.nat: ') && t.includes('(+1 not priced)')),
      'without the setting, data processed is listed again: ' + after.join('\n'),
    );
  });

  it('code lenses follow the setting, without a reload', async () => {
    const config = vscode.workspace.getConfiguration('priceAtlas');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      assert.equal(lenses.length, 0);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('previous-generation size: a diagnostic with a quick fix that replaces the size', async () => {
    const a = await extensionApi();
    const diagnostics = await a.diagnostics.update(doc);
    const d = diagnostics.find((x) => doc.getText(x.range) === 't2.micro');
    assert.ok(d, diagnostics.map((x) => x.message).join('\n'));
    assert.equal(d.source, 'Price Atlas');
    assert.match(d.message, /t2\.micro is a previous-generation size/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((x) => x.title === 'Use t3.micro');
    assert.ok(fix?.edit, actions.map((x) => x.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /instance_type = "t3\.micro"/);
    const after = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 't3.micro'));
    assert.match(hoverText(after), /On-Demand \*\*\$0\.0104\/h\*\*/);
  });

  it('a broken, half-typed file never breaks the editor: what can be read is still priced', async () => {
    const content =
      'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "x" {\n  instance_type = "m5.lar\nresource "aws_instance" "y" {\n  instance_type = "m5.large"\n}\n';
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(path.join(folder, 'infra', 'broken.tf'), content);
    const broken = await vscode.workspace.openTextDocument(path.join(folder, 'infra', 'broken.tf'));
    const half = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', broken.uri, positionOf(broken, 'm5.lar')));
    assert.doesNotMatch(half, /On-Demand/, 'a half-typed size is not priced as anything');
    const whole = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', broken.uri, positionOf(broken, 'm5.large')));
    assert.match(whole, /On-Demand \*\*\$0\.0960\/h\*\*/, `the next, complete resource is read and priced: ${whole}`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', broken.uri);
    // The unclosed block swallows the next one, so the size belongs to `x`: priced once, not lost, not doubled.
    assert.ok(
      lenses.some((l) => /Price Atlas: \$[\d.,]+\/month for 1 resource in this file/.test(l.command?.title ?? '')),
      lenses.map((l) => l.command?.title).join('\n'),
    );
  });
});
