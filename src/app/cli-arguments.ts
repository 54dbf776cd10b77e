import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number within bounds; the error names the option and the rule. */
export function integerArgument(name: string, min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}], found ${value}`);
    return parsed;
  };
}
