import type { DownloadProgress } from '../core/download/download-run';
import { formatBytes, formatDuration } from '../core/format';

/**
 * One self-rewriting status line on a terminal: files, bytes, rate and ETA. The rate is taken over
 * the last few seconds, so a stall shows as a falling rate rather than a frozen average.
 */
export class ProgressLine {
  private samples: Array<{ t: number; bytes: number }> = [];
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(p: DownloadProgress): void {
    const now = performance.now();
    this.samples.push({ t: now, bytes: p.bytesReceived });
    while (this.samples.length > 2 && now - this.samples[0]!.t > 3000) this.samples.shift();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const first = this.samples[0]!;
    const seconds = (now - first.t) / 1000;
    const rate = seconds > 0.2 ? (p.bytesReceived - first.bytes) / seconds : 0;
    const parts = [`${p.filesDone}/${p.filesTotal} files`];
    parts.push(p.bytesExpected > 0 ? `${formatBytes(p.bytesReceived)} / ${formatBytes(p.bytesExpected)}` : formatBytes(p.bytesReceived));
    if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
    const remaining = p.bytesExpected - p.bytesReceived;
    if (rate > 0 && remaining > 0 && p.filesUnsized === 0) parts.push(`ETA ${formatDuration((remaining / rate) * 1000)}`);
    if (p.filesFailed > 0) parts.push(`${p.filesFailed} failed`);
    const line = parts.join(' · ');
    const width = this.out.columns || 100;
    this.out.write(`\r\x1b[2K${line.slice(0, Math.max(10, width - 1))}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
