/**
 * Exit codes and the two kinds of failure a command can end with. A user's mistake (flag, config,
 * file, model JSON) is a `UsageError` and prints one line; anything else is a runtime failure.
 */
export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The one-paragraph table `--help` prints, kept next to the codes it documents. */
export const EXIT_HELP = `Exit codes:
  0    success
  1    runtime error (training failed, a file could not be written)
  2    usage or input error (bad flag, bad config value or key, missing file, malformed model JSON)
  130  interrupted (Ctrl-C, SIGINT); the last checkpoint is kept and \`--resume\` continues from it
  143  terminated (SIGTERM); likewise`;

/** A mistake the user can fix by changing the command line or an input file: exit 2, one line. */
export class UsageError extends Error {
  readonly _tag = 'UsageError' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that is not the user's input (training diverged, disk full): exit 1, one line. */
export class RuntimeFailure extends Error {
  readonly _tag = 'RuntimeFailure' as const;
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeFailure';
  }
}

/** Collapses a message to one line so a user never sees a multi-line dump for one mistake. */
export const oneLine = (message: string): string =>
  message
    .replace(/\s*\n\s*(?=\()/g, ' ')
    .replace(/\s*\n\s*/g, '; ')
    .trim();
