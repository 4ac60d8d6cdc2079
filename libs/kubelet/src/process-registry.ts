import fs from 'node:fs';
import path from 'node:path';

/**
 * The process groups the agent started, saved to a file on every change, so an agent that was killed
 * (and could not stop its Pods) kills the leftovers at its next start instead of leaving orphans.
 */
export class ProcessRegistry {
  private readonly groups = new Map<number, string>();

  constructor(private readonly file: string) {}

  /** Kills every process group a previous run left behind; returns how many were still alive. */
  killLeftovers(): number {
    let entries: Record<string, string> = {};
    try {
      entries = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return 0;
    }
    let killed = 0;
    for (const pgid of Object.keys(entries).map(Number)) {
      try {
        process.kill(-pgid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    this.save();
    return killed;
  }

  add(pgid: number, owner: string): void {
    this.groups.set(pgid, owner);
    this.save();
  }

  remove(pgid: number): void {
    if (this.groups.delete(pgid)) this.save();
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.groups)));
    fs.renameSync(tmp, this.file);
  }
}
