/**
 * The `dnw` program: commander for parsing, our own exit codes and one-line errors. `runCli` never
 * exits the process; it returns the exit code, so tests and `main.ts` share one path.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, EXIT_HELP, RuntimeFailure, UsageError, oneLine, type ExitCode } from './exit.js';
import { colours, type Io } from './io.js';
import { BACKENDS } from '@dnw/pipeline';
import { CONFIG_FLAGS } from './train-flags.js';
import { trainCommand } from './commands/train.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { COMPACT_FILE, compactCommand } from './commands/compact.js';
import { benchCommand } from './commands/bench.js';

const positiveInt = (name: string) => (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name}: expected a positive integer, got "${text}"`);
  return n;
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const buildProgram = (io: Io, setExit: (code: ExitCode) => void): Command => {
  const program = new Command('dnw');
  program
    .description('Discovering Neural Wirings: train, evaluate and inspect networks that learn their own wiring.')
    .version('0.1.0', '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
      // runCli prints commander's parse errors itself, as one `dnw: error:` line.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${EXIT_HELP}\n`);

  const train = program
    .command('train')
    .description('train a model (defaults: a DNW static neural graph on MNIST with 10% of its allowed edges)')
    .option('-c, --config <file>', 'JSON config file; flags override its values');
  for (const f of CONFIG_FLAGS) train.option(`${f.flag} ${f.arg}`, `${f.description} (${f.path})`);
  train
    .option('--set <key=value>', 'set any config field by its path, e.g. --set optimizer.momentum=0.95 (repeatable)', collect, [])
    .option('--resume', 'continue from the newest checkpoint in --out (or the newest run under runs/)')
    .option('--print-config', 'print the decoded config (defaults filled in) as JSON on stdout and exit without training')
    .option('--json', 'write every training event as one JSON line on stdout (NDJSON), nothing else')
    .option('-q, --quiet', 'no progress or narration; only errors and the final summary')
    .option('--no-worker', 'train on the main thread instead of a worker thread (for debuggers and profilers)')
    .addOption(new Option('--snapshots <n>', 'wiring snapshots kept in wiring.json').argParser(positiveInt('--snapshots')).default(32))
    .addHelpText(
      'after',
      `\nExamples:\n  dnw train\n  dnw train --epochs 10 --budget 0.05 --out runs/small\n  dnw train --out runs/small --resume\n  dnw train --config run.json --json > events.ndjson\n  dnw train --epochs 10 --print-config > run.json\n\n${EXIT_HELP}\n`,
    )
    .action(async (opts: Record<string, unknown>) => setExit(await trainCommand(opts, io)));

  program
    .command('eval')
    .description('evaluate a saved model on the MNIST test set')
    .argument('<model>', 'a model.json saved by `dnw train`, or its run directory')
    .option('--json', 'print the result as one JSON object on stdout')
    .option('--backend <name>', `kernels: ${BACKENDS.join(', ')}`, 'auto')
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .action(async (file: string, opts: { json?: boolean; backend: string }) => setExit(await evalCommand(file, opts, io)));

  program
    .command('compact')
    .description('write a saved model without its dead nodes (same logits, fewer nodes, edges and FLOPs)')
    .argument('<model>', 'a model.json saved by `dnw train`, or its run directory')
    .option('-o, --output <file>', `output file (default: ${COMPACT_FILE} beside the model)`)
    .option('--json', 'print the sizes before and after as one JSON object on stdout')
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .action(async (file: string, opts: { output?: string; json?: boolean }) => setExit(await compactCommand(file, opts, io)));

  program
    .command('export')
    .description('write the wiring history of a run as JSON for the web demo (format: docs/usage.md)')
    .argument('<run>', 'a run directory or its wiring.json')
    .option('-o, --output <file>', 'output file (default: stdout)')
    .addOption(new Option('--max-snapshots <n>', 'keep at most this many snapshots, evenly spread').argParser(positiveInt('--max-snapshots')).default(50))
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .action(async (run: string, opts: { output?: string; maxSnapshots: number }) => setExit(await exportCommand(run, opts, io)));

  program
    .command('bench')
    .description('time one training step of LeNet-300-100 (dense and DNW at 10%) against TensorFlow.js')
    .addOption(new Option('--steps <n>', 'timed steps per case').argParser(positiveInt('--steps')).default(60))
    .addOption(new Option('--warmup <n>', 'untimed steps per case first').argParser(positiveInt('--warmup')).default(10))
    .option('--json', 'print the results as JSON on stdout')
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .action(async (opts: { steps: number; warmup: number; json?: boolean }) => setExit(await benchCommand(opts, io)));

  return program;
};

/** commander's messages start with "error: "; ours add the program name instead. */
const commanderMessage = (err: CommanderError): string => err.message.replace(/^error:\s*/, '');

/**
 * Runs `dnw` with the arguments after the program name; resolves to the exit code.
 * Set DNW_DEBUG=1 to see the stack of an unexpected error.
 */
export const runCli = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  let exit: ExitCode = EXIT.ok;
  const program = buildProgram(io, (code) => (exit = code));
  const c = colours(io);
  const fail = (message: string): void => {
    io.err.write(`${c.red('dnw: error:')} ${oneLine(message)}\n`);
  };
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // `dnw` alone: commander has printed the help to stderr.
      if (err.code === 'commander.help') return EXIT.usage;
      fail(commanderMessage(err));
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      fail(err.message);
      return EXIT.usage;
    }
    if (err instanceof RuntimeFailure) {
      fail(err.message);
      return EXIT.runtime;
    }
    fail(err instanceof Error ? err.message : String(err));
    if ((io.env.DNW_DEBUG ?? '') !== '' && err instanceof Error && err.stack) io.err.write(`${err.stack}\n`);
    return EXIT.runtime;
  }
};
