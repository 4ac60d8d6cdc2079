import fs from 'node:fs';
import path from 'node:path';

/** A started process group as recorded on disk. */
export interface ProcessRecord {
  /** `<pod uid>/<container name>`. */
  owner: string;
  /** The leader's start time in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid apart. */
  startTime?: string;
  /** When the container started (status.state.running.startedAt). */
  startedAt?: string;
  /** The container's restartCount when it started (the number of its log file). */
  restart?: number;
}

/** A process group a previous run of the agent left running, that a new run can take over. */
export interface LeftoverProcess extends ProcessRecord {
  pgid: number;
}

/** The start time of a live, non-zombie process, or undefined when there is none with that pid. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3); the start time is field 22.
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process recorded as `record` still runs (same pid, same start time). */
export function recordAlive(pgid: number, record: ProcessRecord): boolean {
  const now = processStartTime(pgid);
  return now !== undefined && (record.startTime === undefined || record.startTime === now);
}

/**
 * The process groups the agent started, saved to a file on every change, so the next run of an agent that was
 * killed takes its Pods' processes over (adopt) or kills those whose Pods are gone, and never leaves orphans.
 */
export class ProcessRegistry {
  private readonly groups = new Map<number, ProcessRecord>();

  constructor(private readonly file: string) {}

  /**
   * The process groups a previous run left that still run (the same process, not a reused pid). They stay
   * recorded: the caller adopts them or kills them with {@link kill}.
   */
  leftovers(): LeftoverProcess[] {
    let entries: Record<string, string | ProcessRecord> = {};
    try {
      entries = JSON.parse(fs.readFileSync(this.file, 'utf8')) as typeof entries;
    } catch {
      return [];
    }
    const found: LeftoverProcess[] = [];
    for (const [key, value] of Object.entries(entries)) {
      const pgid = Number(key);
      const record = typeof value === 'string' ? { owner: value } : value;
      if (!Number.isInteger(pgid) || pgid <= 1 || !recordAlive(pgid, record)) continue;
      this.groups.set(pgid, record);
      found.push({ pgid, ...record });
    }
    this.save();
    return found;
  }

  /** Kills every process group a previous run left behind; returns how many were still alive. */
  killLeftovers(): number {
    const leftovers = this.leftovers();
    for (const l of leftovers) this.kill(l.pgid);
    return leftovers.length;
  }

  /** SIGKILL to the whole group, and forgets it. */
  kill(pgid: number): void {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    this.remove(pgid);
  }

  add(pgid: number, owner: string, info: { startedAt?: string; restart?: number } = {}): void {
    this.groups.set(pgid, { owner, startTime: processStartTime(pgid), ...info });
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
