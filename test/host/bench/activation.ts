import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

/**
 * Extension-host entry for the activation benchmark (run by test/bench/extension through the
 * host driver): activates Price Atlas once, timing the whole of it (bundle load + activate()),
 * and writes the figures where PRICE_ATLAS_BENCH_OUT says.
 */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ activation: { loadMs: number; activateMs: number } }>('price-atlas.price-atlas');
  if (!ext) throw new Error('price-atlas.price-atlas is not installed in the host');
  const wasActive = ext.isActive;
  const started = performance.now();
  const api = await ext.activate();
  const totalMs = performance.now() - started;
  const out = process.env.PRICE_ATLAS_BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify({ wasActive, totalMs, ...api.activation }));
  const report = process.env.PRICE_ATLAS_HOST_REPORT;
  if (report) writeFileSync(report, JSON.stringify([{ title: 'activation measured', fullTitle: 'activation measured', state: 'passed' }]));
}
