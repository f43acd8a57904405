/**
 * Registers one command with the error handling every command shares: a failure is logged, shown
 * once through the error presenter (its hint, its remedy's buttons, Show Log), and recorded in
 * `commandFailures`, where the host tests read it.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { ExtensionServices } from '../extension-services';
import { presentFailure } from '../present-error';

export function registerCommand(s: ExtensionServices, id: string, run: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      s.log.output.error(`${id} failed: ${errorMessage(err)}`);
      s.commandFailures.push({ command: id, message: errorMessage(err) });
      if (s.commandFailures.length > 50) s.commandFailures.shift();
      void presentFailure(s.log, '', err);
      return undefined;
    }
  });
}
