import type { PlatformComponent } from './components';

export interface UpPlan {
  run: PlatformComponent[];
  skipped: PlatformComponent[];
  notBuilt: PlatformComponent[];
}

/** Decides what `kuack up` runs: every built component not skipped. Unknown --skip names are an error. */
export function planUp(components: PlatformComponent[], skip: string[]): UpPlan {
  const known = new Set(components.map((c) => c.name));
  const unknown = skip.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `--skip: unknown component ${unknown.map((n) => `"${n}"`).join(', ')}; components are ${[...known].join(', ')}`,
    );
  }
  const skipSet = new Set(skip);
  return {
    run: components.filter((c) => c.spec && !skipSet.has(c.name)),
    skipped: components.filter((c) => c.spec && skipSet.has(c.name)),
    notBuilt: components.filter((c) => !c.spec),
  };
}
