import { printError } from './output';
import { buildProgram } from './program';

try {
  const program = await buildProgram();
  await program.parseAsync(process.argv);
} catch (error) {
  printError(error);
}
