// The command line of `price-atlas`, built with commander from each command's CliCommand: one
// declaration per option gives its parsing and its line in `price-atlas <command> --help`.
// Commander never writes to process.stdout or calls process.exit here: its output goes to the
// CliIo and its exits come back as errors (exitOverride), so tests can read the help and the codes.
import { Command, CommanderError } from 'commander';
import type { Help, OptionValues } from 'commander';
import { UsageError } from '../core/errors';
import { toolVersion } from '../core/version';
import { budgetsCli, costsCli, spotCli } from './aws-commands';
import type { CliCommand } from './cli-command';
import { downloadCli, exitUsage, regionsCli, servicesCli, verifyCli, versionsCli } from './commands';
import type { CliIo } from './commands';
import { estimateCli } from './estimate-command';
import { compareCli, indexCli, priceCli } from './price-commands';
import { scanCli } from './scan-command';

/** Every command, in the order `price-atlas --help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  servicesCli,
  regionsCli,
  versionsCli,
  downloadCli,
  verifyCli,
  scanCli,
  estimateCli,
  indexCli,
  priceCli,
  compareCli,
  budgetsCli,
  costsCli,
  spotCli,
];

/** What a parsed command line does: main runs the command; a test that checks parsing only records it. */
export type Execute = (command: CliCommand, operands: string[], options: OptionValues) => Promise<number>;

const programHelpAfter = `
Every command has its own help: price-atlas <command> --help (or: help <command>).

Exit codes: 0 all good, 1 some downloads failed (each named) or files changed,
2 usage or bad input, 130 cancelled.`;

/** The usage line of a command, operands first as in the README: `regions <service> [options]`. */
function usageOf(command: CliCommand): string {
  return command.operands.usage ? `${command.operands.usage} [options]` : '[options]';
}

export function createProgram(io: CliIo, execute: Execute, result: { code: number }): Command {
  const program = new Command('price-atlas')
    .description(`price-atlas ${toolVersion}: AWS bulk price lists, mirrored and verified`)
    .version(toolVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', "show a command's help")
    // Set before the commands are added: each command inherits them.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // main prints errors the CLI's way (`price-atlas <command>: ...`, then a hint).
      outputError: () => undefined,
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80),
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns ? io.stderr.columns : 80),
      // Colour codes would come out as visible \u001b escapes: every write is made terminal-safe.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp({ subcommandTerm: (cmd: Command) => `${cmd.name()} ${cmd.usage()}` } satisfies Partial<Help>)
    .addHelpText('after', programHelpAfter);

  for (const def of cliCommands) {
    const command = program
      .command(def.name)
      .summary(def.summary)
      .description(def.description ?? def.summary)
      .usage(usageOf(def))
      // Operands are counted by the command itself (its message has an example), so none is
      // required here and extra ones reach it; they are declared for the help's "Arguments:".
      .allowExcessArguments();
    for (const [name, description] of def.operands.help) command.argument(`[${name}...]`, description);
    for (const option of def.options()) command.addOption(option);
    if (def.examples?.length) command.addHelpText('after', `\nExamples:\n${def.examples.map((e) => `  ${e}`).join('\n')}\n`);
    command.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      result.code = await execute(def, self.args, self.opts());
    });
  }
  return program;
}

/** Commander's error text without its "error: " and "(Did you mean ...?)": the hint says that. */
function usageErrorOf(err: CommanderError, command: string | undefined): UsageError {
  const [first, ...rest] = err.message.replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').match(/\(Did you mean (.*)\?\)/)?.[1];
  const help = command ? `price-atlas ${command} --help` : 'price-atlas --help';
  if (err.code === 'commander.unknownCommand') {
    const names = cliCommands.map((c) => c.name).join(', ');
    return new UsageError(first!, `${suggestion ? `did you mean ${suggestion}? ` : ''}commands: ${names} (${help})`);
  }
  return new UsageError(first!, suggestion ? `did you mean ${suggestion}? (${help})` : `see ${help}`);
}

/**
 * Parses `argv` and runs the command it names. Resolves to the exit code; a bad command line
 * rejects with a UsageError (exit 2) that names the option or command and says what to do.
 */
export async function runCommandLine(argv: readonly string[], io: CliIo, execute: Execute): Promise<number> {
  const result = { code: 0 };
  const program = createProgram(io, execute, result);
  if (argv.length === 0) {
    // No command: the list of commands, and a usage exit, as before.
    program.outputHelp();
    return exitUsage;
  }
  // `help <unknown>` would print the program's help and exit 0; the unknown-command message says more.
  const unknownHelp = argv[0] === 'help' && argv[1] !== undefined && !cliCommands.some((c) => c.name === argv[1]);
  const args = unknownHelp ? argv.slice(1) : [...argv];
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // --help, help <command> and --version end by "exiting" 0.
    if (err.exitCode === 0) return 0;
    const command = cliCommands.find((c) => c.name === argv[0])?.name;
    throw usageErrorOf(err, command);
  }
  return result.code;
}
