/**
 * The editor's error presenter: every failure a person sees in a notification goes through here.
 * It says what failed and why in one line, offers the remedy's actions as buttons (ui/remedy-actions.ts)
 * and Show Log, and runs what was chosen. The CLI words the same advice as flags (cli/present-error.ts).
 */
import * as vscode from 'vscode';
import type { Advice } from '../core/errors';
import { adviceOf, errorMessage } from '../core/errors';
import { remedyActions } from './remedy-actions';

export type Severity = 'error' | 'warning' | 'info';

export interface Presented {
  /** `Price Atlas: <what>: <why>` */
  text: string;
  buttons: string[];
}

/** The text and buttons a failure is shown with (the host tests read this back). */
export function presentation(what: string, why: string | undefined, advice: Advice): Presented {
  const clause = (text: string): string => text.trim().replace(/[.\s]+$/, '');
  const said = [what, why]
    .filter((t): t is string => Boolean(t?.trim()))
    .map(clause)
    .join(': ');
  const hint = advice.hint ? ` — ${clause(advice.hint)}` : '';
  return { text: `Price Atlas: ${said}${hint}.`, buttons: [...remedyActions(advice.remedy).map((a) => a.title), 'Show Log'] };
}

/** Where Show Log leads: the extension's log channel. */
export interface LogView {
  show(): void;
}

/** Shows a notification for a failure (an error, or the message and advice of one), then runs the chosen action. */
export async function presentFailure(log: LogView, what: string, failure: unknown, severity: Severity = 'error'): Promise<void> {
  const advice: Advice = failure instanceof Error ? adviceOf(failure) : ((failure ?? {}) as Advice);
  const why = failure instanceof Error ? errorMessage(failure) : (failure as { message?: string } | undefined)?.message;
  const { text, buttons } = presentation(what, why, advice);
  const show =
    severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(text, ...buttons);
  if (choice === 'Show Log') return log.show();
  const action = remedyActions(advice.remedy).find((a) => a.title === choice);
  if (action) await vscode.commands.executeCommand(action.command, ...action.args);
}
