import { Construct } from 'constructs';
import { releaseNamespace } from './one-per-namespace';

/**
 * Takes a construct whose constructor failed out of the tree, with the namespace it claimed, so
 * a refused construct leaves nothing behind: most props are refused before the first object is
 * added, but a pod extra that clashes with a name the library uses is only seen once the pod is
 * built (`PodPlacement.extraEnv` naming `GOMEMLIMIT`, say), after other objects of the construct.
 */
export function rollBack(construct: Construct): void {
  construct.node.scope?.node.tryRemoveChild(construct.node.id);
  releaseNamespace(construct);
}
