/**
 * Milliseconds a `Retry-After` value asks the client to wait, from `now`: delay-seconds, whole
 * (RFC 9110) or fractional (as Graph's throttling docs show), or an HTTP date. Undefined when
 * the header is absent or unreadable, so the caller falls back to its own backoff.
 */
export function retryAfterMs(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  // IMF-fixdate and RFC 850 dates name GMT; the obsolete asctime form is GMT without saying so.
  const date = Date.parse(/ GMT$/.test(value) ? value : `${value} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A wait in whole seconds, rounded up, so that it is never shorter than asked. */
export function wholeSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
