import { requireServices } from '@kuack/testenv';
import { startPlatform } from './platform';
import { servingSuite } from './serving-suite';

// The local platform as `npm start` runs it: embedded cluster, node agent, serving controller, activator, gateway.
beforeAll(() => requireServices([]), 600_000);

servingSuite('the embedded cluster', () => startPlatform(), 'e2e-serving');
