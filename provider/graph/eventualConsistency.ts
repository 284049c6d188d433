import { isNotFound } from "./graphErrors";

const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5000;

/**
 * Entra replicates writes: a read right after a create or update may answer 404 for a while.
 * Runs `read` until it stops answering not-found, for at most `timeoutSeconds`.
 */
export async function readAfterWrite<T>(
  read: () => Promise<T>,
  timeoutSeconds: number,
): Promise<T> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
    try {
      return await read();
    } catch (error) {
      if (!isNotFound(error) || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
