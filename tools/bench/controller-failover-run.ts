// Leader failover timing with the default Lease settings (15 s lease, 10 s renew deadline, 2 s retry): a leader
// that dies (stops renewing, no release) and one that stops gracefully (releases). Bundled by
// controller-failover.mjs.
import { LeaderElector, connect } from '@kuack/controller';
import { createNamespace } from '../../libs/controller/src/int/widget-fixture';

async function leaderOf(electors: LeaderElector[]): Promise<LeaderElector> {
  for (;;) {
    const leader = electors.find((e) => e.isLeader());
    if (leader) return leader;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function run(
  kubeconfigPath: string,
  namespace: string,
  lease: string,
  release: boolean,
): Promise<number> {
  const client = connect({ kubeconfigPath });
  await createNamespace(client, namespace);
  const make = (identity: string) => new LeaderElector({ client, name: lease, namespace, identity });
  const a = make('a');
  void a.run({ onStartedLeading: () => undefined });
  await leaderOf([a]);
  const b = make('b');
  void b.run({ onStartedLeading: () => undefined });
  // Let the follower observe the leader for a while, as in steady state.
  await new Promise((r) => setTimeout(r, 3000));
  const stopped = process.hrtime.bigint();
  await a.stop({ release });
  await leaderOf([b]);
  const seconds = Number(process.hrtime.bigint() - stopped) / 1e9;
  await b.stop();
  return seconds;
}

export async function cleanup(kubeconfigPath: string, namespace: string): Promise<void> {
  await connect({ kubeconfigPath }).delete({ apiVersion: 'v1', kind: 'Namespace' }, namespace);
}
