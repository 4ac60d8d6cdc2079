import { type Revision, childName } from '@kuack/api';

/** `<revision>-deployment`, kept within 63 characters (kmeta.ChildName). */
export function deploymentName(rev: Revision): string {
  return childName(rev.metadata?.name ?? '', '-deployment');
}

/** The PodAutoscaler (and the ServerlessService the PA reconciler makes) carry the revision's name. */
export function podAutoscalerName(rev: Revision): string {
  return rev.metadata?.name ?? '';
}
