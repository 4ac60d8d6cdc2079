import {
  makeMutatingWebhookConfiguration,
  makeValidatingWebhookConfiguration,
} from './webhook-configurations';

type Hook = {
  name: string;
  clientConfig: Record<string, unknown>;
  namespaceSelector: unknown;
  rules: { resources: string[] }[];
};

describe('webhook configurations', () => {
  it("use Knative's names, the CA, the paths and the opt-out namespace selector", () => {
    const m = makeMutatingWebhookConfiguration({ url: 'https://127.0.0.1:8443' }, 'CA');
    const v = makeValidatingWebhookConfiguration({ url: 'https://127.0.0.1:8443/' }, 'CA');
    expect(m.metadata.name).toBe('webhook.serving.knative.dev');
    expect(v.metadata.name).toBe('validation.webhook.serving.knative.dev');
    const [mh] = m.webhooks as Hook[];
    const [vh] = v.webhooks as Hook[];
    expect(mh.name).toBe('webhook.serving.knative.dev');
    expect(mh.clientConfig).toEqual({ url: 'https://127.0.0.1:8443/defaulting', caBundle: 'Q0E=' });
    expect(vh.clientConfig).toEqual({ url: 'https://127.0.0.1:8443/validation', caBundle: 'Q0E=' });
    for (const h of [mh, vh]) {
      expect(h.namespaceSelector).toEqual({
        matchExpressions: [{ key: 'webhooks.knative.dev/exclude', operator: 'DoesNotExist' }],
      });
      expect(h.rules[0].resources).toEqual(['services', 'configurations', 'routes', 'revisions']);
    }
  });

  it('take other names, a namespace selector and a Service target', () => {
    const target = { service: { namespace: 'knative-serving', name: 'webhook', port: 443 } };
    const selector = { matchLabels: { a: 'b' } };
    for (const make of [makeMutatingWebhookConfiguration, makeValidatingWebhookConfiguration]) {
      const c = make(target, 'CA', { name: 'x.example.com', namespaceSelector: selector });
      const [h] = c.webhooks as Hook[];
      expect(c.metadata.name).toBe('x.example.com');
      expect(h.name).toBe('x.example.com');
      expect(h.namespaceSelector).toEqual(selector);
      expect(h.clientConfig.service).toMatchObject({
        namespace: 'knative-serving',
        name: 'webhook',
        port: 443,
      });
    }
  });
});
