import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PriceAtlasApi } from '../../../src/extension';

/**
 * Extension-host entry for the hover benchmark: prices downloaded and indexed from the local
 * server, a Terraform file open, then hovers on its sizes timed two ways: the provider's own work,
 * and the full round trip through `vscode.executeHoverProvider`. Writes figures to PRICE_ATLAS_BENCH_OUT.
 */
const sizes = ['m5.large', 't3.micro', 'c6i.large', 'r7g.medium', 'm5.xlarge', 'm7i.2xlarge'];

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<PriceAtlasApi>('price-atlas.price-atlas');
  if (!ext) throw new Error('price-atlas.price-atlas is not installed in the host');
  const api = await ext.activate();
  await vscode.commands.executeCommand('priceAtlas.downloadPriceLists', { services: ['AmazonEC2'], regions: ['us-east-1'], format: 'json' });
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const file = path.join(folder, 'bench', 'main.tf');
  mkdirSync(path.dirname(file), { recursive: true });
  const blocks = ['provider "aws" {\n  region = "us-east-1"\n}\n'];
  for (let i = 0; i < 60; i++)
    blocks.push(
      `resource "aws_instance" "r${i}" {\n  count         = ${1 + (i % 3)}\n  instance_type = "${sizes[i % sizes.length]}"\n  tags = { Name = "r${i}" }\n}\n`,
    );
  writeFileSync(file, blocks.join('\n'));
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc);
  const positions: vscode.Position[] = [];
  const text = doc.getText();
  for (let at = text.indexOf('instance_type'); at >= 0; at = text.indexOf('instance_type', at + 1)) positions.push(doc.positionAt(text.indexOf('"', at) + 2));
  // Warm: the recogniser bundle, the region's prices, the JIT.
  for (const p of positions) await api.hover.provideHover(doc, p);
  const direct: number[] = [];
  const roundTrip: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const p of positions) {
      let t = performance.now();
      const hover = await api.hover.provideHover(doc, p);
      direct.push(performance.now() - t);
      if (!hover) throw new Error(`no hover at ${p.line}:${p.character}`);
      t = performance.now();
      await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, p);
      roundTrip.push(performance.now() - t);
    }
  }
  const out = process.env.PRICE_ATLAS_BENCH_OUT;
  const figures = {
    hovers: direct.length,
    direct: { p50: percentile(direct, 50), p99: percentile(direct, 99) },
    roundTrip: { p50: percentile(roundTrip, 50), p99: percentile(roundTrip, 99) },
  };
  if (out) writeFileSync(out, JSON.stringify(figures));
  const report = process.env.PRICE_ATLAS_HOST_REPORT;
  if (report) writeFileSync(report, JSON.stringify([{ title: 'hover measured', fullTitle: 'hover measured', state: 'passed' }]));
}
