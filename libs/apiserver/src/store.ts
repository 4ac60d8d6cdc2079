import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { KubeObject } from './object';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change: what watchers and the history table see. */
export interface StoreEvent {
  rv: number;
  type: WatchEventType;
  /** `<group>/<plural>` with `core` for the legacy group. */
  resource: string;
  namespace: string;
  name: string;
  object: KubeObject;
  /** The object before this change (absent on ADDED). */
  previous?: KubeObject;
}

export interface StoreOptions {
  /** How many change events the history keeps for watch resumption; older ones are compacted (410). */
  historyLimit?: number;
}

interface Row {
  json: string;
}

/**
 * The state of the cluster in SQLite (WAL, synchronous=FULL). One global resourceVersion counter orders every
 * write; each write appends to a bounded history table that watches resume from.
 *
 * Group commit: writes made in the same event-loop turn share one transaction (each write is its own savepoint,
 * so it is atomic), committed — one fsync — on the next `setImmediate`. Watchers are told only after the
 * COMMIT, and the HTTP layer answers only after `durable()` resolves, so nothing a client sees can be lost.
 */
export class Store {
  private readonly db: Database.Database;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly historyLimit: number;
  private rv: number;
  private compacted: number;
  private writesSinceCompaction = 0;
  private inTransaction = false;
  private pendingEvents: StoreEvent[] = [];
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly stmts;

  constructor(file: string, options: StoreOptions = {}) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (
        resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS history (
        rv INTEGER PRIMARY KEY, type TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL,
        name TEXT NOT NULL, json TEXT NOT NULL, previous TEXT);
      CREATE INDEX IF NOT EXISTS history_resource ON history (resource, rv);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('rv', 0), ('compacted', 0);
    `);
    this.historyLimit = options.historyLimit ?? 20_000;
    this.stmts = {
      get: this.db.prepare<[string, string, string], Row>(
        'SELECT json FROM objects WHERE resource = ? AND namespace = ? AND name = ?',
      ),
      listAll: this.db.prepare<[string], Row>(
        'SELECT json FROM objects WHERE resource = ? ORDER BY namespace, name',
      ),
      listNs: this.db.prepare<[string, string], Row>(
        'SELECT json FROM objects WHERE resource = ? AND namespace = ? ORDER BY name',
      ),
      listAllAfter: this.db.prepare<[string, string, string, string], Row>(
        'SELECT json FROM objects WHERE resource = ? AND (namespace > ? OR (namespace = ? AND name > ?)) ORDER BY namespace, name',
      ),
      listNsAfter: this.db.prepare<[string, string, string], Row>(
        'SELECT json FROM objects WHERE resource = ? AND namespace = ? AND name > ? ORDER BY name',
      ),
      countNs: this.db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM objects WHERE namespace = ?',
      ),
      resourcesInNs: this.db.prepare<[string], { resource: string }>(
        'SELECT DISTINCT resource FROM objects WHERE namespace = ?',
      ),
      upsert: this.db.prepare(
        'INSERT OR REPLACE INTO objects (resource, namespace, name, rv, json) VALUES (?, ?, ?, ?, ?)',
      ),
      remove: this.db.prepare('DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?'),
      history: this.db.prepare(
        'INSERT INTO history (rv, type, resource, namespace, name, json, previous) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      setMeta: this.db.prepare('UPDATE meta SET value = ? WHERE key = ?'),
      since: this.db.prepare<
        [string, number],
        {
          rv: number;
          type: WatchEventType;
          resource: string;
          namespace: string;
          name: string;
          json: string;
          previous: string | null;
        }
      >(
        'SELECT rv, type, resource, namespace, name, json, previous FROM history WHERE resource = ? AND rv > ? ORDER BY rv',
      ),
      all: this.db.prepare<[], { resource: string; json: string }>('SELECT resource, json FROM objects'),
      gcCandidates: this.db.prepare<[], { resource: string; json: string }>(
        `SELECT resource, json FROM objects WHERE json LIKE '%"ownerReferences"%' OR json LIKE '%"deletionTimestamp"%'`,
      ),
    };
    const meta = Object.fromEntries(
      (this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: number }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    this.rv = meta.rv;
    this.compacted = meta.compacted;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Watches may resume from any resourceVersion >= this; older ones are gone (410). */
  get compactedRevision(): number {
    return this.compacted;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const row = this.stmts.get.get(resource, namespace, name);
    return row ? (JSON.parse(row.json) as KubeObject) : undefined;
  }

  /** Objects in (namespace, name) order; `after` continues a paged list after that key. */
  list(resource: string, namespace?: string, after?: { namespace: string; name: string }): KubeObject[] {
    let rows: Row[];
    if (namespace !== undefined) {
      rows = after
        ? this.stmts.listNsAfter.all(resource, namespace, after.name)
        : this.stmts.listNs.all(resource, namespace);
    } else {
      rows = after
        ? this.stmts.listAllAfter.all(resource, after.namespace, after.namespace, after.name)
        : this.stmts.listAll.all(resource);
    }
    return rows.map((row) => JSON.parse(row.json) as KubeObject);
  }

  /** Every stored object (used by the garbage collector). */
  all(): { resource: string; object: KubeObject }[] {
    return this.stmts.all
      .all()
      .map((row) => ({ resource: row.resource, object: JSON.parse(row.json) as KubeObject }));
  }

  /** Objects with owner references or a deletion timestamp: all the garbage collector needs to look at. */
  gcCandidates(): { resource: string; object: KubeObject }[] {
    return this.stmts.gcCandidates
      .all()
      .map((row) => ({ resource: row.resource, object: JSON.parse(row.json) as KubeObject }));
  }

  resourcesInNamespace(namespace: string): string[] {
    return this.stmts.resourcesInNs.all(namespace).map((r) => r.resource);
  }

  /**
   * Writes (or deletes) one object under the next resourceVersion, durably, then tells the watchers.
   * `build` receives the new resourceVersion and returns the object to store (it must set metadata.resourceVersion).
   */
  commit(
    type: WatchEventType,
    resource: string,
    namespace: string,
    name: string,
    build: (rv: number) => KubeObject,
    previous?: KubeObject,
  ): StoreEvent {
    this.begin();
    const event = this.db.transaction((): StoreEvent => {
      const rv = this.rv + 1;
      const object = build(rv);
      const json = JSON.stringify(object);
      if (type === 'DELETED') this.stmts.remove.run(resource, namespace, name);
      else this.stmts.upsert.run(resource, namespace, name, rv, json);
      this.stmts.history.run(
        rv,
        type,
        resource,
        namespace,
        name,
        json,
        previous ? JSON.stringify(previous) : null,
      );
      this.stmts.setMeta.run(rv, 'rv');
      return { rv, type, resource, namespace, name, object, previous };
    })();
    this.rv = event.rv;
    this.writesSinceCompaction++;
    this.pendingEvents.push(event);
    return event;
  }

  private begin(): void {
    if (this.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    setImmediate(() => this.flush());
  }

  /** Commits the open group (one fsync), then tells watchers and everyone waiting in `durable()`. */
  flush(): void {
    if (!this.inTransaction) return;
    const events = this.pendingEvents;
    const waiters = this.waiters;
    this.pendingEvents = [];
    this.waiters = [];
    this.inTransaction = false;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // already rolled back
      }
      for (const w of waiters) w.reject(err as Error);
      throw err;
    }
    if (this.writesSinceCompaction >= 500) this.compact();
    for (const event of events) for (const listener of this.listeners) listener(event);
    for (const w of waiters) w.resolve();
  }

  /** Resolves once every write made so far is on disk. */
  durable(): Promise<void> {
    if (!this.inTransaction) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Events of `resource` after `rv`, oldest first. Throws if `rv` was compacted. */
  since(resource: string, rv: number): StoreEvent[] {
    return this.stmts.since.all(resource, rv).map((r) => ({
      rv: r.rv,
      type: r.type,
      resource: r.resource,
      namespace: r.namespace,
      name: r.name,
      object: JSON.parse(r.json) as KubeObject,
      previous: r.previous ? (JSON.parse(r.previous) as KubeObject) : undefined,
    }));
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops history beyond the limit; resuming before the new floor gets 410. */
  compact(): void {
    this.writesSinceCompaction = 0;
    const floor = this.rv - this.historyLimit;
    if (floor > this.compacted) this.compactTo(floor);
  }

  /** Declares everything up to `rv` compacted (the server does this once after first bootstrapping). */
  compactTo(rv: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM history WHERE rv <= ?').run(rv);
      this.stmts.setMeta.run(rv, 'compacted');
    })();
    this.compacted = rv;
  }

  close(): void {
    if (this.db.open) this.flush();
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }
}
