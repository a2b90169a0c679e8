/**
 * A fixture built on first use, inside the test that needs it, then shared. Built at the top of a
 * spec file instead, it runs while the file is collected — outside every test — so StrykerJS counts
 * each mutant it reaches as "static" and reruns every spec for it after a restart (`npm run mutation`).
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
