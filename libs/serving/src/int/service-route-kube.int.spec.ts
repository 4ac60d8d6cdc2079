import { connect } from '@kuack/controller';
import { requireServices } from '@kuack/testenv';
import { installCrds, serviceRouteSuite } from './service-route-cases';

jest.setTimeout(180_000);

// The real kube-apiserver + kube-controller-manager (garbage collector) of tools/testenv.
serviceRouteSuite('kube', async () => {
  const env = await requireServices(['kube']);
  const client = connect({ kubeconfigPath: env.kube.kubeconfigPath, userAgent: 'serving-routes-int' });
  await installCrds(client);
  return { client, close: async () => undefined };
});
