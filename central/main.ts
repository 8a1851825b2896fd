// Runs `catd intake ...` directly (tests and benches start it with tsx as a real process).
import { IntakeUsageError, runIntakeCommand } from './cli';

try {
  await runIntakeCommand(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof IntakeUsageError)) throw err;
  console.error(`catd: ${err.message}`);
  process.exit(2);
}
