/** Shared by the corpus, tolerance and CLI tests: where the IaC corpus is and how expectations look. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { IacFinding } from '../../src/core/iac/finding';
import { listIacFiles, scanFiles } from '../../src/core/iac/scan-files';
import type { ScannedFile } from '../../src/core/iac/scan-files';

export const corpusDir = path.resolve(__dirname, '../../../test/fixtures/iac');

export interface ExpectedFinding {
  at: string;
  token: string;
  resolved: string;
  kind: string;
  role: string;
  region: string | null;
  count?: number;
  resource?: string;
}

export interface Expectation {
  format: string;
  findings: ExpectedFinding[];
  absent: { line: number; token: string; why: string }[];
}

export function expectationPath(file: string): string {
  return `${file}.expect.json`;
}

export function isExpectationFile(file: string): boolean {
  return file.endsWith('.expect.json');
}

export function asExpected(f: IacFinding): ExpectedFinding {
  const e: ExpectedFinding = {
    at: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
    token: f.token,
    resolved: f.resolved,
    kind: f.kind,
    role: f.role,
    region: f.region?.code ?? null,
  };
  if (f.count !== undefined) e.count = f.count;
  if (f.resource !== undefined) e.resource = f.resource;
  return e;
}

export async function scanCorpus(): Promise<ScannedFile[]> {
  const { files, problems } = await listIacFiles([corpusDir]);
  assert.deepEqual(problems, []);
  const result = await scanFiles(files.filter((f) => !isExpectationFile(f)));
  return result.files;
}
