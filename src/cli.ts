import { exitCancelled, exitFailed, exitUsage } from './cli/commands';
import type { CliIo } from './cli/commands';
import { cliCommands, runCommandLine } from './cli/program';
import { UsageError, adviceOf, errorMessage } from './core/errors';
import { adviceText } from './cli/present-error';
import { scrubString } from './core/logger';
import { terminalSafeStream } from './cli/terminal-safe';

/** How long a cancel may take before the process ends by the signal itself. */
const cancelGraceMs = 2000;

/**
 * Ends the process by `signal` with its default action: the kernel ends it at once whatever its
 * threads are doing, and the shell sees 128 + n (130 for SIGINT, 143 for SIGTERM).
 */
function dieBy(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = { ...rawIo, stdout: terminalSafeStream(rawIo.stdout), stderr: terminalSafeStream(rawIo.stderr) };
  try {
    return await runCommandLine(argv, io, (command, operands, options) => command.run(operands, options, io));
  } catch (err) {
    if (io.signal.aborted) {
      io.stderr.write('price-atlas: cancelled\n');
      return exitCancelled;
    }
    // Errors name the command they come from; a command line that names none (or an unknown one) is the program's.
    const name = cliCommands.some((c) => c.name === argv[0]) ? `price-atlas ${argv[0]}` : 'price-atlas';
    io.stderr.write(`${name}: ${scrubString(errorMessage(err))}\n`);
    const advice = adviceText(adviceOf(err));
    if (advice) io.stderr.write(`  → ${scrubString(advice)}\n`);
    return err instanceof UsageError ? exitUsage : exitFailed;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // First Ctrl-C cancels cleanly (partial files removed, good files kept); a second one quits now.
    if (++interrupts > 1) return dieBy(signal);
    process.stderr.write(`\nprice-atlas: ${signal}, cancelling (press Ctrl-C again to quit at once)\n`);
    controller.abort(new Error(`cancelled by ${signal}`));
    // A clean cancel takes moments. One stuck in a read that never returns (a FIFO, a hung network
    // filesystem) would wait forever, and so would process.exit, which waits for Node's threads.
    setTimeout(() => dieBy(signal), cancelGraceMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`price-atlas: unexpected error: ${scrubString(errorMessage(err))}\n`);
      process.exitCode = exitFailed;
    },
  );
}
