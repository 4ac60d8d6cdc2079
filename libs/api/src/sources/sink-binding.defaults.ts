import { defaultSourceSpec } from '../eventing/duck/source';
import type { SinkBinding } from './sink-binding.types';

/** SinkBinding.SetDefaults: the subject lives in the binding's namespace; the sink ref too. */
export function defaultSinkBinding(binding: SinkBinding): void {
  const namespace = binding.metadata?.namespace;
  binding.spec ??= {};
  if (binding.spec.subject && !binding.spec.subject.namespace && namespace)
    binding.spec.subject.namespace = namespace;
  defaultSourceSpec(binding.spec, namespace);
}
