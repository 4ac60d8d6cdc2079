import type { Api } from './api';
import { ApiError } from './errors';

/** Every active namespace gets a `default` ServiceAccount, as kube-controller-manager's controller does. */
export class ServiceAccountController {
  constructor(private readonly api: Api) {}

  run(): number {
    const type = this.api.registry.find('', 'v1', 'serviceaccounts')!;
    let created = 0;
    for (const ns of this.api.store.list('core/namespaces')) {
      const name = ns.metadata.name!;
      if (ns.metadata.deletionTimestamp || this.api.store.get(type.storageKey, name, 'default')) continue;
      try {
        this.api.create(type, name, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: name },
        });
        created++;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }
    return created;
  }
}
