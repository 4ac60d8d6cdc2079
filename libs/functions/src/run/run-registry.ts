import fs from 'node:fs';
import path from 'node:path';

// Running instances are recorded as .func/runs/<port>/ (as Knative's func does), with the address and pid.
const RUNS = path.join('.func', 'runs');

export interface RunRecord {
  port: number;
  url: string;
  pid?: number;
}

export function recordRun(root: string, record: RunRecord): string {
  const dir = path.join(root, RUNS, String(record.port));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'address'), record.url);
  if (record.pid !== undefined) fs.writeFileSync(path.join(dir, 'pid'), String(record.pid));
  return dir;
}

export function removeRun(root: string, port: number): void {
  fs.rmSync(path.join(root, RUNS, String(port)), { recursive: true, force: true });
}

/** The function's instances running on this machine; records of processes that are gone are removed. */
export function localRuns(root: string): RunRecord[] {
  const dir = path.join(root, RUNS);
  if (!fs.existsSync(dir)) return [];
  const runs: RunRecord[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    const port = Number(entry.name);
    const read = (file: string) => {
      try {
        return fs.readFileSync(path.join(dir, entry.name, file), 'utf8').trim();
      } catch {
        return undefined;
      }
    };
    const pid = read('pid');
    if (pid !== undefined && !isAlive(Number(pid))) {
      removeRun(root, port);
      continue;
    }
    runs.push({
      port,
      url: read('address') ?? `http://localhost:${port}/`,
      pid: pid === undefined ? undefined : Number(pid),
    });
  }
  return runs.sort((a, b) => a.port - b.port);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
