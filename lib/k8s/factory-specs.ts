import { invalidProp } from './errors';

/**
 * What the values of a factory-made class (`JaegerStorage.badger()`, `TraceSampler.alwaysOn()`,
 * ...) were made from, kept out of the public API: jsii and the API report see an opaque class
 * with static factories, in the manner of cdk8s-plus's `DeploymentStrategy`, and the constructs
 * read the spec here. Anything a factory did not make (a plain object from JavaScript) is
 * refused, naming the prop and the factories.
 */
export class FactorySpecs<T extends object, S> {
  private readonly specs = new WeakMap<T, S>();

  /**
   * @param typeName the class, for messages (`JaegerStorage`)
   * @param fix how to make one (`make it with a factory: JaegerStorage.badger(), ...`)
   */
  constructor(private readonly typeName: string, private readonly fix: string) {}

  /** Records what a factory made `value` from (called by the class's private constructor). */
  public set(value: T, spec: S): void {
    this.specs.set(value, spec);
  }

  /** The spec of a value a factory made; anything else fails naming `where`, `prop` and the fix. */
  public of(where: string, prop: string, value: unknown): S {
    const spec = typeof value === 'object' && value !== null ? this.specs.get(value as T) : undefined;
    if (spec === undefined) return invalidProp(where, prop, value, `is not a ${this.typeName}`, this.fix);
    return spec;
  }
}
