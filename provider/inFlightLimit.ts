/** A gate that lets at most `limit` sends be in flight at once; later ones wait their turn, in order. */
export function inFlightLimit(limit: number): <T>(send: () => Promise<T>) => Promise<T> {
  let inFlight = 0;
  const queued: (() => void)[] = [];
  return async (send) => {
    if (inFlight < limit) inFlight++;
    else await new Promise<void>((turn) => queued.push(turn));
    try {
      return await send();
    } finally {
      const next = queued.shift();
      if (next) next();
      else inFlight--;
    }
  };
}
