/** Fly's "GB" in volume sizes is a GiB. */
export const GIB = 1024 ** 3;

/** A size as Fly's sizes read: "1.0 GB", "12.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GIB / 10) return `${(bytes / GIB).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2 / 10) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

/** An age in its two largest units: "2d 3h", "5h 10m", "12m"; "0m" for less than a minute. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${mins}m`;
  return `${mins}m`;
}
