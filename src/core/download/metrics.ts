import * as path from 'node:path';
import { writeFileAtomic } from '../atomic-write';

import type { DownloadResult } from './download-file';

export interface DownloadMetricsEntry {
  url: string;
  path: string;
  kind: string;
  status: string;
  http_status: number | null;
  bytes: number;
  size: number | null;
  duration_ms: number;
  cache_hit: boolean;
  attempts: number;
  retries: number;
  resumed: boolean;
  sha256: string | null;
  error?: string;
  hint?: string;
}

export interface MetricsDocument {
  run: {
    started_at: string;
    finished_at: string;
    duration_ms: number;
    endpoint: string;
    output_dir: string;
    cancelled: boolean;
    peak_rss_bytes: number;
    tool_version: string;
  };
  aggregate: {
    total_downloads: number;
    successful_downloads: number;
    failed_downloads: number;
    cancelled_downloads: number;
    cache_hits: number;
    cache_hit_rate: number;
    success_rate: number;
    total_bytes_downloaded: number;
    average_duration_ms: number;
    retries: number;
    resumed_downloads: number;
    throughput_bytes_per_second: number;
  };
  downloads: DownloadMetricsEntry[];
  /** What the run could not do beyond single files: refused index entries, missing regions. */
  problems: MetricsProblem[];
}

export interface MetricsProblem {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  service?: string;
  region?: string;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface RunInfo {
  startedAt: Date;
  finishedAt: Date;
  endpoint: string;
  outputDir: string;
  cancelled: boolean;
  toolVersion: string;
  problems?: readonly MetricsProblem[];
}

export function buildMetrics(results: readonly DownloadResult[], run: RunInfo): MetricsDocument {
  const total = results.length;
  const ok = results.filter((r) => r.status === 'downloaded' || r.status === 'cached').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const cancelled = results.filter((r) => r.status === 'cancelled').length;
  const hits = results.filter((r) => r.cacheHit).length;
  const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  const durationMs = run.finishedAt.getTime() - run.startedAt.getTime();
  return {
    run: {
      started_at: run.startedAt.toISOString(),
      finished_at: run.finishedAt.toISOString(),
      duration_ms: durationMs,
      endpoint: run.endpoint,
      output_dir: run.outputDir,
      cancelled: run.cancelled,
      // resourceUsage reports kilobytes.
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
      tool_version: run.toolVersion,
    },
    aggregate: {
      total_downloads: total,
      successful_downloads: ok,
      failed_downloads: failed,
      cancelled_downloads: cancelled,
      cache_hits: hits,
      cache_hit_rate: total ? round(hits / total) : 0,
      success_rate: total ? round(ok / total) : 0,
      total_bytes_downloaded: bytes,
      average_duration_ms: total ? round(results.reduce((sum, r) => sum + r.durationMs, 0) / total, 1) : 0,
      retries: results.reduce((sum, r) => sum + r.retries, 0),
      resumed_downloads: results.filter((r) => r.resumed).length,
      throughput_bytes_per_second: durationMs > 0 ? Math.round((bytes * 1000) / durationMs) : 0,
    },
    downloads: results.map((r) => ({
      url: r.url,
      path: r.urlPath.slice(1),
      kind: r.kind,
      status: r.status,
      http_status: r.httpStatus ?? null,
      bytes: r.bytes,
      size: r.size ?? null,
      duration_ms: r.durationMs,
      cache_hit: r.cacheHit,
      attempts: r.attempts,
      retries: r.retries,
      resumed: r.resumed,
      sha256: r.sha256 ?? null,
      ...(r.error !== undefined && { error: r.error }),
      ...(r.hint !== undefined && { hint: r.hint }),
    })),
    problems: (run.problems ?? []).map((p) => ({ ...p })),
  };
}

/** Writes `latest.json` and a timestamped copy (`metrics-20261123T084052Z.json`) for history. */
export async function writeMetrics(dir: string, doc: MetricsDocument): Promise<{ latest: string; copy: string }> {
  const stamp = doc.run.started_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const text = JSON.stringify(doc, null, 2) + '\n';
  const latest = path.join(dir, 'latest.json');
  const copy = path.join(dir, `metrics-${stamp}.json`);
  await writeFileAtomic(copy, text);
  await writeFileAtomic(latest, text);
  return { latest, copy };
}
