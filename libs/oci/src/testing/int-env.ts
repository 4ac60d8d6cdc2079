/** Reads a setting of the test environment; fails (never skips) with how to get it when it is missing. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: start the registries with \`npm run testenv -- up registry\` and export what \`npm run testenv -- env\` prints`,
    );
  }
  return value.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** A repository name no other test run uses. */
export function uniqueRepository(prefix: string): string {
  return `kuack-oci-test/${prefix}-${process.pid}-${Date.now().toString(36)}`;
}
