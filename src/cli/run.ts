import type { ConnectionOptions } from './connection';
import { printError } from './output';

type Action<A extends unknown[]> = (...args: [...A, ConnectionOptions]) => Promise<void>;

/**
 * Wraps a command's action: any error is printed (coded, one line; JSON with --json) and sets exit code 1.
 * commander passes the positional arguments, then the options, then the command.
 */
export function guarded<A extends unknown[]>(action: Action<A>) {
  return async (...args: unknown[]) => {
    const options = args[args.length - 2] as ConnectionOptions;
    try {
      await action(...(args.slice(0, -2) as A), options);
    } catch (error) {
      printError(error, options);
    }
  };
}
