import { ComponentIdentity } from '../k8s';

/** `app.kubernetes.io/name` of the cluster-level objects that hold the stack. */
export const FOUNDATION_APP_NAME = 'tracing-foundation';

/** Identity of a foundation object. */
export function foundationIdentity(instance: string, component: string): ComponentIdentity {
  return { name: FOUNDATION_APP_NAME, instance, component };
}
