import type {
  ConnectedOrganizationsApi,
  GraphConnectedOrganization,
} from "../graph/connectedOrganizationsApi";

/** How long a listing serves reads after it began. */
const LISTING_SERVES_MS = 60_000;

type Answer = (org?: GraphConnectedOrganization) => void;

/**
 * One paged listing of the tenant's organizations, which serves the reads of a refresh: a stack
 * of 500 is read in 5 requests, not 500 GETs. It asks for its next page while a read waits for an
 * organization it has not seen, and, so that none has to wait, once reads have used half of what
 * it holds (the stack covers the tenant densely). It never makes more requests than reads came to
 * it: a read that waits once requests have caught up ends the listing. A small stack in a large
 * tenant so stops early and reads by GET, never making more than twice the requests of a GET
 * each. What it does not hold (not listed, or the listing stopped or failed) is read by GET.
 */
class TenantListing {
  private readonly held = new Map<string, GraphConnectedOrganization>();
  private waiting: { id: string; answer: Answer }[] = [];
  private wanted: (() => void) | undefined;
  private reads = 0;
  private answered = 0;
  private requests = 0;
  private settled = false;
  private readonly startedAt = Date.now();

  constructor(readonly api: ConnectedOrganizationsApi) {
    void this.fetch();
  }

  servesReads(now: number): boolean {
    return now - this.startedAt < LISTING_SERVES_MS;
  }

  find(id: string): Promise<GraphConnectedOrganization | undefined> {
    const key = id.toLowerCase();
    this.reads++;
    const held = this.held.get(key);
    if (held !== undefined) {
      this.answered++;
      if (this.readsUseHalfOfWhatIsHeld()) this.wanted?.();
    }
    if (held !== undefined || this.settled) return Promise.resolve(held);
    return new Promise((answer) => {
      this.waiting.push({ id: key, answer });
      this.wanted?.();
    });
  }

  /** Stops serving an organization this process is writing: its listed state is out of date. */
  forget(id: string): void {
    const key = id.toLowerCase();
    this.held.delete(key);
    for (const read of this.waiting.filter((read) => read.id === key)) read.answer(undefined);
    this.waiting = this.waiting.filter((read) => read.id !== key);
  }

  /**
   * Waits until the next page is worth asking for: a read waits for an organization not seen, or
   * reads have used half of what is held. False when a read waits and requests have caught up with
   * reads: it and the reads after it GET.
   */
  private async nextPageWanted(): Promise<boolean> {
    for (;;) {
      if (this.waiting.length > 0) return this.requests < this.reads;
      if (this.readsUseHalfOfWhatIsHeld() && this.requests < this.reads) return true;
      await new Promise<void>((resume) => (this.wanted = resume));
      this.wanted = undefined;
    }
  }

  private readsUseHalfOfWhatIsHeld(): boolean {
    return this.answered * 2 >= this.held.size;
  }

  private async fetch(): Promise<void> {
    try {
      for await (const page of this.api.pages()) {
        this.requests++;
        for (const org of page) this.held.set(org.id.toLowerCase(), org);
        this.waiting = this.waiting.filter((read) => {
          const org = this.held.get(read.id);
          if (org !== undefined) {
            this.answered++;
            read.answer(org);
          }
          return org === undefined;
        });
        if (!(await this.nextPageWanted())) break;
      }
    } catch {
      // Reads fall back to a GET each, whose errors say what went wrong.
    }
    this.settled = true;
    for (const read of this.waiting) read.answer(this.held.get(read.id));
    this.waiting = [];
  }
}

let listing: TenantListing | undefined;
/** Organizations this process has written: their listed state may predate the write. */
const written = new Set<string>();

/**
 * The organization as the tenant's listing holds it, or undefined when the caller must GET it:
 * not listed, written by this process, or the listing stopped early or failed.
 */
export function findListed(
  api: ConnectedOrganizationsApi,
  id: string,
): Promise<GraphConnectedOrganization | undefined> {
  if (written.has(id.toLowerCase())) return Promise.resolve(undefined);
  if (listing === undefined || listing.api !== api || !listing.servesReads(Date.now())) {
    listing = new TenantListing(api);
  }
  return listing.find(id);
}

/** Called before this process writes an organization, so reads of it GET it from then on. */
export function wroteOrganization(id: string): void {
  written.add(id.toLowerCase());
  listing?.forget(id);
}

/** Starts afresh, as a new deployment's provider process does: called when it configures. */
export function forgetListedReads(): void {
  listing = undefined;
  written.clear();
}
