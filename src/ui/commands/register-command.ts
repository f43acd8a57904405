/**
 * Registers one command with the error handling every command shares: a failure is logged, shown
 * once (with its hint and Show Log), and recorded in `commandFailures`, where the host tests read it.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { ExtensionServices } from '../extension-services';

export function registerCommand(s: ExtensionServices, id: string, run: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      s.log.output.error(`${id} failed: ${errorMessage(err)}`);
      s.commandFailures.push({ command: id, message: errorMessage(err) });
      if (s.commandFailures.length > 50) s.commandFailures.shift();
      const hint = (err as { hint?: string }).hint;
      void vscode.window.showErrorMessage(`Price Atlas: ${errorMessage(err)}${hint ? ` — ${hint}` : ''}`, 'Show Log').then((c) => c && s.log.show());
      return undefined;
    }
  });
}
