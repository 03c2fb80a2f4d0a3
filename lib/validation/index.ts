export { type Manifest, type StackFinding, type PodTemplate, podTemplates } from './manifest';
export { type ExternalRef, type StackValidationOptions } from './stack-index';
export { validateStack, assertValidStack, stackWarnings, StackValidationError, formatFindings } from './stack-validator';
export { parseClusterAddress, type ClusterAddress } from './collector-config-checks';
export {
  type PodFinding, RESTRICTED_VOLUME_TYPES, checkPodSecurity, checkOperationalRules, podSecurityFindings,
  operationalFindings, imagePinProblem,
} from './pod-security';
export { StackValidator } from './stack-validator-api';
export { ComponentTables } from './component-tables';
