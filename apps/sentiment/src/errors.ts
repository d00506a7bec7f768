/** Errors the CLI turns into one line on stderr and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: exit 1. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** Bad input text, data or model files: exit 2. */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_INPUT = 2;
export const EXIT_INTERRUPTED = 130;

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
