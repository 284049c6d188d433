import type {
  ConnectedOrganizationsApi,
  GraphConnectedOrganization,
} from "../graph/connectedOrganizationsApi";

/** How long a listing serves reads after its last page came. */
const LISTING_SERVES_MS = 60_000;

/**
 * One paged listing of the tenant's organizations, which serves the reads of a refresh: a stack
 * of 500 is read in 5 requests, not 500 GETs. It goes on to its next page only while it has made
 * fewer requests than reads came to it, so a small stack in a large tenant stops early and reads
 * by GET, never making more than twice the requests of a GET each. What it does not hold (not
 * listed yet, or written by this process since the listing began) is read by GET.
 */
class TenantListing {
  private readonly held = new Map<string, GraphConnectedOrganization>();
  private readonly writtenSince = new Set<string>();
  private waiting: { id: string; answer: (org?: GraphConnectedOrganization) => void }[] = [];
  private reads = 0;
  private requests = 0;
  private settledAt: number | undefined;

  constructor(readonly api: ConnectedOrganizationsApi) {
    void this.fetch();
  }

  servesReads(now: number): boolean {
    return this.settledAt === undefined || now - this.settledAt < LISTING_SERVES_MS;
  }

  find(id: string): Promise<GraphConnectedOrganization | undefined> {
    const key = id.toLowerCase();
    if (this.writtenSince.has(key)) return Promise.resolve(undefined);
    this.reads++;
    const held = this.held.get(key);
    if (held !== undefined || this.settledAt !== undefined) return Promise.resolve(held);
    return new Promise((answer) => this.waiting.push({ id: key, answer }));
  }

  wrote(id: string): void {
    const key = id.toLowerCase();
    this.writtenSince.add(key);
    this.held.delete(key);
    for (const read of this.waiting.filter((read) => read.id === key)) read.answer(undefined);
    this.waiting = this.waiting.filter((read) => read.id !== key);
  }

  private async fetch(): Promise<void> {
    try {
      for await (const page of this.api.pages()) {
        this.requests++;
        for (const org of page) {
          const key = org.id.toLowerCase();
          if (!this.writtenSince.has(key)) this.held.set(key, org);
        }
        this.waiting = this.waiting.filter((read) => {
          const org = this.held.get(read.id);
          if (org !== undefined) read.answer(org);
          return org === undefined;
        });
        if (this.requests >= this.reads) break;
      }
    } catch {
      // Reads fall back to a GET each, whose errors say what went wrong.
    }
    this.settledAt = Date.now();
    for (const read of this.waiting) read.answer(this.held.get(read.id));
    this.waiting = [];
  }
}

let listing: TenantListing | undefined;

/**
 * The organization as the tenant's listing holds it, or undefined when the caller must GET it:
 * not listed, listed before this process wrote it, or the listing stopped early or failed.
 */
export function findListed(
  api: ConnectedOrganizationsApi,
  id: string,
): Promise<GraphConnectedOrganization | undefined> {
  if (listing === undefined || listing.api !== api || !listing.servesReads(Date.now())) {
    listing = new TenantListing(api);
  }
  return listing.find(id);
}

/** Keeps the listing from serving an organization this process is about to change. */
export function wroteOrganization(id: string): void {
  listing?.wrote(id);
}

/** Drops the listing, so the next read lists again: called when a deployment configures. */
export function forgetListedReads(): void {
  listing = undefined;
}
