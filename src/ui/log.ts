import * as vscode from 'vscode';
import { scrub, scrubString } from '../core/logger';
import type { Logger, LogFields } from '../core/logger';

/**
 * One log channel for the extension, created on first use so activation stays cheap. The core's
 * structured logger writes into it; secrets are scrubbed on the way, as in the CLI.
 */
export class LogChannel implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;

  get output(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Price Atlas', { log: true });
    return this.channel;
  }

  show(): void {
    this.output.show(true);
  }

  /** A core Logger that writes readable lines (message, then fields as JSON) into the channel. */
  logger(base: LogFields = {}): Logger {
    const line = (message: string, fields?: LogFields): string => {
      const all = { ...base, ...fields };
      const clean = scrub(all) as LogFields;
      const extra = Object.keys(clean).length > 0 ? ` ${JSON.stringify(clean)}` : '';
      return `${scrubString(message)}${extra}`;
    };
    return {
      debug: (m, f) => this.output.debug(line(m, f)),
      info: (m, f) => this.output.info(line(m, f)),
      warn: (m, f) => this.output.warn(line(m, f)),
      error: (m, f) => this.output.error(line(m, f)),
      child: (fields) => this.logger({ ...base, ...fields }),
    };
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
