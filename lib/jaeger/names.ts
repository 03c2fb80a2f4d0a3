import { ServiceNames } from '../k8s';

/** Object names, fixed: the platform's services and the storage alerts rely on them. */
export const JaegerNames = {
  ALL_IN_ONE: 'jaeger',
  REMOTE_STORAGE: 'jaeger-remote-storage',
  COLLECTOR: ServiceNames.JAEGER_COLLECTOR,
  QUERY: ServiceNames.JAEGER_QUERY,
  SAMPLING_STRATEGIES: 'jaeger-sampling-strategies',
  INDEX_CLEANER: 'jaeger-es-index-cleaner',
  /** volumeClaimTemplate of both StatefulSets: PVCs are `data-<statefulset>-0`. */
  DATA_CLAIM: 'data',
} as const;
