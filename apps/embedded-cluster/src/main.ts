import path from 'node:path';
import { runClusterMain } from './run';

runClusterMain(process.argv.slice(2), path.resolve(__dirname, '../../..')).catch((err: unknown) => {
  process.stderr.write(`embedded-cluster: ${(err as Error).message}\n`);
  process.exit(1);
});
