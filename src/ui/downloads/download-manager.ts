import * as path from 'node:path';
import * as vscode from 'vscode';
import { presentFailure } from '../present-error';
import { defaultRetryPolicy } from '../../core/backoff';
import type { DownloadProgress, DownloadRunResult } from '../../core/download/download-run';
import { errorMessage } from '../../core/errors';
import type { BuildIndexResult } from '../../core/prices/write/build-index';
import { outputFolderOptions } from './download-folder';
import { lazy } from '../lazy';
import { formatBytes } from '../../core/format';
import type { LogChannel } from '../log';
import type { Locations } from './locations';
import type { CatalogService } from './catalog-service';
import type { SettingsStore } from '../settings/settings';
import { indexableDownloadDirs, manageTrust } from '../settings/workspace-trust';
import { defaultMetricsDirName } from '../../core/mirror/layout';
import type { OfferFormat } from '../../core/mirror/layout';

const engine = lazy<typeof import('../bundles/engine')>('engine.js');

export interface DownloadRequest {
  services: string[];
  /** Empty: whole offer files. */
  regions: string[];
  format: OfferFormat;
  folder: vscode.WorkspaceFolder;
}

/** An index build, or why none was made (`refused`: Restricted Mode). */
export type IndexOutcome = BuildIndexResult & { refused?: string };

export interface DownloadOutcome {
  result?: DownloadRunResult;
  index?: IndexOutcome;
  error?: string;
}

/**
 * Runs downloads in the background: a cancellable progress notification, a status-bar item
 * while anything runs, a summary at the end, then an index rebuild on a worker thread. One run at
 * a time; `cancel()` stops it and leaves every good file as it was.
 */
export class DownloadManager implements vscode.Disposable {
  private controller: AbortController | undefined;
  private running: Promise<DownloadOutcome> | undefined;
  private readonly status = vscode.window.createStatusBarItem('priceAtlas.downloads', vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires on progress (throttled by the core) and when a run or a build starts and ends. */
  readonly onDidChange = this.changed.event;
  /** Latest progress of the running download (its `active` lists the URL paths in flight). */
  progress: DownloadProgress | undefined;
  lastOutcome: DownloadOutcome | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly locations: Locations,
    private readonly catalog: CatalogService,
    private readonly log: LogChannel,
    private readonly onIndexBuilt: () => void,
  ) {
    this.status.name = 'Price Atlas downloads';
    this.status.command = 'priceAtlas.cancelDownloads';
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The run's percent done while `urlPath` is one of the files in flight, else undefined. */
  activePercent(urlPath: string): number | undefined {
    const p = this.progress;
    if (!p?.active.includes(urlPath)) return undefined;
    return p.bytesExpected > 0 ? Math.floor((100 * p.bytesReceived) / p.bytesExpected) : 0;
  }

  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort(new Error('cancelled'));
    return true;
  }

  /** Starts a download (or returns the one running). Resolves when it and the index rebuild end. */
  start(request: DownloadRequest): Promise<DownloadOutcome> {
    if (this.running) {
      void vscode.window.showInformationMessage('Price Atlas: a download is already running.', 'Cancel It').then((c) => c && this.cancel());
      return this.running;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.run(request, controller.signal).finally(() => {
      this.running = undefined;
      this.controller = undefined;
      this.progress = undefined;
      this.status.hide();
      void vscode.commands.executeCommand('setContext', 'priceAtlas.downloading', false);
      this.changed.fire();
    });
    void vscode.commands.executeCommand('setContext', 'priceAtlas.downloading', true);
    this.changed.fire();
    return this.running;
  }

  private async run(request: DownloadRequest, signal: AbortSignal): Promise<DownloadOutcome> {
    const logger = this.log.logger({ run: 'download' });
    let outputDir: string;
    try {
      // Refused before anything runs, with the setting named: the workspace may have chosen it.
      outputDir = this.locations.downloadDir(request.folder);
    } catch (err) {
      const error = errorMessage(err);
      logger.error('download refused', { error, hint: (err as { hint?: string }).hint });
      void presentFailure(this.log, 'download refused', err);
      return (this.lastOutcome = { error });
    }
    const s = this.settings.all;
    let result: DownloadRunResult;
    this.status.text = '$(cloud-download) Price Atlas: starting';
    this.status.tooltip = 'Downloading price lists — click to cancel';
    this.status.show();
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Price Atlas: downloading price lists', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => this.cancel());
          let reported = 0;
          const { runDownload } = engine();
          return runDownload({
            endpoint: this.catalog.endpoint(),
            outputDir,
            metricsDir: path.join(outputDir, defaultMetricsDirName),
            services: request.services,
            regions: request.regions.length > 0 ? request.regions : undefined,
            format: request.format,
            savingsPlans: true,
            maxConcurrent: s.concurrency,
            retry: { ...defaultRetryPolicy, retries: s.retries },
            timeouts: { connectMs: s.connectTimeoutSeconds * 1000, readMs: s.readTimeoutSeconds * 1000 },
            totalTimeoutMs: 3600_000,
            verifyLocal: 'full',
            // Checked again as the engine opens it: no symlink from the workspace folder down, not the folder itself.
            outputFolder: outputFolderOptions(request.folder.uri.fsPath),
            logger,
            signal,
            onProgress: (p) => {
              this.progress = p;
              const percent = p.bytesExpected > 0 ? Math.min(100, (100 * p.bytesReceived) / p.bytesExpected) : 0;
              const message = `${p.filesDone}/${p.filesTotal} files · ${formatBytes(p.bytesReceived)}${p.bytesExpected > 0 ? ` of ${formatBytes(p.bytesExpected)}` : ''}`;
              progress.report({ message, increment: Math.max(0, percent - reported) });
              reported = Math.max(reported, percent);
              this.status.text = `$(cloud-download) ${Math.floor(percent)}% · ${p.filesDone}/${p.filesTotal}`;
              this.changed.fire();
            },
          });
        },
      );
    } catch (err) {
      const error = errorMessage(err);
      logger.error('download failed', { error });
      void presentFailure(this.log, 'download failed', err);
      return (this.lastOutcome = { error });
    }
    const count = (status: string): number => result.files.filter((f) => f.status === status).length;
    for (const f of result.files.filter((x) => x.status === 'failed')) logger.error(`failed: ${f.urlPath}`, { error: f.error, hint: f.hint });
    for (const p of result.problems) logger.warn(p.message, { hint: p.hint });
    const parts = [`${count('downloaded')} downloaded`, `${count('cached')} unchanged`];
    if (count('failed')) parts.push(`${count('failed')} failed`);
    if (result.cancelled) parts.push('cancelled');
    logger.info(`download finished: ${parts.join(', ')}`, { metrics: result.metricsFile });
    // The first failure names the cause, and its remedy the way out; the log has the others.
    const file = result.files.find((f) => f.status === 'failed');
    const cause = file
      ? { message: `${file.urlPath}: ${file.error ?? 'failed'}`, hint: file.hint, remedy: file.remedy }
      : result.problems.find((p) => p.severity === 'error');
    void presentFailure(this.log, parts.join(', '), cause, result.ok && !result.cancelled ? 'info' : 'warning');
    const outcome: DownloadOutcome = { result };
    if (!result.cancelled && count('downloaded') + count('cached') > 0) outcome.index = await this.rebuildIndex();
    return (this.lastOutcome = outcome);
  }

  /**
   * Rebuilds the pricing cache from every workspace folder's mirror, on a worker thread. Every
   * build goes through here (the command, and the one after each download), so this is where
   * Restricted Mode stops a build from reading the workspace.
   */
  async rebuildIndex(): Promise<IndexOutcome> {
    const logger = this.log.logger({ run: 'index' });
    const allowed = indexableDownloadDirs(vscode.workspace.isTrusted, this.locations.allDownloadDirs());
    if (allowed.refused) {
      logger.warn(allowed.refused);
      void vscode.window.showWarningMessage(allowed.refused, manageTrust).then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      return { results: [], failures: [], cancelled: false, refused: allowed.refused };
    }
    const { buildIndex, findMirrorOfferFiles } = engine();
    const files = (await Promise.all(allowed.dirs.map((d) => findMirrorOfferFiles(d)))).flat().map((f) => f.file);
    if (files.length === 0) {
      logger.info('nothing to index: no EC2, RDS, ElastiCache, OpenSearch or Savings Plans region files downloaded');
      return { results: [], failures: [], cancelled: false };
    }
    const store = this.locations.storeDir;
    this.status.text = '$(database) Price Atlas: indexing';
    this.status.show();
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Price Atlas: indexing prices' }, (progress) =>
      buildIndex(files, {
        store,
        workers: 1,
        onProgress: (p) => progress.report({ message: `${p.filesDone}/${p.files} files` }),
      }),
    );
    for (const r of result.results) logger.info(`indexed ${r.offerCode} ${r.regions.map((x) => x.region).join(',')}`, { file: r.file, seconds: r.seconds });
    for (const f of result.failures) logger.error(`index failed: ${f.file}: ${f.message}`, { hint: f.hint });
    const [first] = result.failures;
    if (first)
      void presentFailure(
        this.log,
        `${result.failures.length} offer file(s) could not be indexed, the previous prices are kept`,
        { message: `${path.basename(first.file)}: ${first.message}`, hint: first.hint, remedy: first.remedy },
        'warning',
      );
    this.onIndexBuilt();
    return result;
  }

  dispose(): void {
    this.cancel();
    this.status.dispose();
    this.changed.dispose();
  }
}
