// Whether anything was added to the built-in prototypes a polluting payload would reach.
export type PrototypeSnapshot = Map<string, Set<string>>;

const watched = (): [string, object][] => [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
];

export const prototypeSnapshot = (): PrototypeSnapshot =>
  new Map(watched().map(([name, p]) => [name, new Set(Reflect.ownKeys(p).map(String))]));

/** "Object.prototype.polluted" for each property not there when the snapshot was taken. */
export const prototypeAdditions = (before: PrototypeSnapshot): string[] => {
  const added: string[] = [];
  for (const [name, p] of watched()) {
    const had = before.get(name) ?? new Set<string>();
    for (const k of Reflect.ownKeys(p).map(String)) if (!had.has(k)) added.push(`${name}.${k}`);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined && !added.includes('Object.prototype.polluted'))
    added.push('Object.prototype.polluted');
  return added;
};
