import regionData from "./fly-regions.json";

/** Fly region codes the library accepts. The list is dated: see `lib/tenants/fly-regions.json`. */
export const FLY_REGIONS: Readonly<Record<string, string>> = regionData.regions;

/** The day the region list was taken from {@link FLY_REGIONS_SOURCE}. */
export const FLY_REGIONS_AS_OF: string = regionData.asOf;

/** Where the region list comes from. */
export const FLY_REGIONS_SOURCE: string = regionData.source;

export function isFlyRegion(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(FLY_REGIONS, code);
}
