/**
 * Storage written as data (`{ type, ...options }`) made into a JaegerStorage, for props that
 * tests generate or mutate (fuzzing walks plain objects; a factory's result is opaque).
 */
import { JaegerStorage } from '../../lib/internal';
import { STORAGE_TYPES } from '../../lib/jaeger/modes';

export function storageFromSpec(spec: unknown): unknown {
  if (spec === null || typeof spec !== 'object' || !STORAGE_TYPES.includes((spec as any).type)) return spec;
  // The factories' private constructor takes the spec whole, extra fields and all: the stack's checks see them.
  return new (JaegerStorage as any)(spec);
}
