import type { PlatformComponent } from './components';
import { planUp } from './plan';

const spec = () => ({ name: 'x', command: 'node', args: [] });
const components: PlatformComponent[] = [
  { name: 'embedded-cluster', what: '', issue: 7, spec },
  { name: 'node-agent', what: '', issue: 9, spec },
  { name: 'gateway', what: '', issue: 11 },
];

describe('planUp', () => {
  it('runs the built components in order, minus the skipped ones', () => {
    const plan = planUp(components, ['node-agent']);
    expect(plan.run.map((c) => c.name)).toEqual(['embedded-cluster']);
    expect(plan.skipped.map((c) => c.name)).toEqual(['node-agent']);
    expect(plan.notBuilt.map((c) => c.name)).toEqual(['gateway']);
  });

  it('refuses an unknown --skip name and lists the known ones', () => {
    expect(() => planUp(components, ['gatway'])).toThrow(
      '--skip: unknown component "gatway"; components are embedded-cluster, node-agent, gateway',
    );
  });
});
