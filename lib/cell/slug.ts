// Mirrors the tenant id and app name rule (lib/tenants/limits), which the cell runtime may not load.
const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Whether `value` is lowercase letters, digits and single hyphens, starting with a letter: a tenant, cell or app id. */
export function isSlug(value: unknown): value is string {
  return typeof value === "string" && SLUG.test(value);
}
