import type { Logger } from 'pino';
import { type EventHandler, isResync } from '../informer';
import type { KubeObject } from '../objects';
import { ConfigError, type ConfigParser } from './parse';

export type ConfigMap = KubeObject & { data?: Record<string, string> };

export interface ConfigStoreOptions {
  logger?: Logger;
  /** Called after a ConfigMap changed the config in force (e.g. a global resync of a controller). */
  onChange?(name: string): void;
  /** Called when a ConfigMap was refused; the previous config stays in force. */
  onError?(error: ConfigError): void;
}

/**
 * Keeps the latest good config of several ConfigMaps. A ConfigMap that does not parse is reported (error
 * naming the ConfigMap and key) and the previous good config stays in force; a missing or deleted ConfigMap
 * means Knative's defaults. Attach `handler()` to an informer of ConfigMaps in the system namespace.
 */
export class ConfigStore {
  private readonly parsers = new Map<string, ConfigParser<unknown>>();
  private readonly current = new Map<string, unknown>();
  private readonly errors = new Map<string, ConfigError>();

  constructor(
    parsers: ConfigParser<unknown>[],
    private readonly options: ConfigStoreOptions = {},
  ) {
    for (const p of parsers) {
      this.parsers.set(p.name, p);
      this.current.set(p.name, p.defaults());
    }
  }

  get<T>(parser: ConfigParser<T>): T {
    if (!this.parsers.has(parser.name)) throw new Error(`ConfigStore does not watch ${parser.name}`);
    return this.current.get(parser.name) as T;
  }

  /** The refusal of the ConfigMap's latest version, if it was refused. */
  lastError(name: string): ConfigError | undefined {
    return this.errors.get(name);
  }

  /** Applies one ConfigMap's data; `undefined` means it was deleted (defaults). Returns whether it was accepted. */
  apply(name: string, data: Record<string, string> | undefined): boolean {
    const parser = this.parsers.get(name);
    if (!parser) return false;
    let next: unknown;
    try {
      next = data === undefined ? parser.defaults() : parser.parse(data);
    } catch (err) {
      const error =
        err instanceof ConfigError ? err : new ConfigError(name, undefined, (err as Error).message);
      this.errors.set(name, error);
      this.options.logger?.error(
        { configMap: name, key: error.key, err: error.message },
        'refusing ConfigMap; the previous config stays in force',
      );
      this.options.onError?.(error);
      return false;
    }
    this.errors.delete(name);
    this.current.set(name, next);
    this.options.logger?.info({ configMap: name }, 'config updated');
    this.options.onChange?.(name);
    return true;
  }

  handler(): EventHandler<ConfigMap> {
    return {
      onAdd: (cm) => this.apply(cm.metadata.name ?? '', cm.data ?? {}),
      onUpdate: (old, cm) => {
        if (!isResync(old, cm)) this.apply(cm.metadata.name ?? '', cm.data ?? {});
      },
      onDelete: (cm) => this.apply(cm.metadata.name ?? '', undefined),
    };
  }
}
