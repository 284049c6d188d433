import { Client } from "@microsoft/microsoft-graph-client";

export const CONNECTED_ORGANIZATIONS_PATH =
  "/identityGovernance/entitlementManagement/connectedOrganizations";

/** Graph's two sponsor relationships of a connected organization (users or groups). */
export const SPONSOR_KINDS = ["internalSponsors", "externalSponsors"] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];

/** A connected organization as Graph returns it. */
export interface GraphConnectedOrganization {
  id: string;
  displayName?: string;
  description?: string | null;
  identitySources?: Record<string, unknown>[];
  state?: string;
  createdDateTime?: string;
  modifiedDateTime?: string;
  createdBy?: string | null;
  modifiedBy?: string | null;
}

interface Page<T> {
  value: T[];
  "@odata.nextLink"?: string;
}

/** The Graph calls on connected organizations; errors are the Graph client's, unexplained. */
export class ConnectedOrganizationsApi {
  constructor(private readonly client: Client) {}

  create(body: Record<string, unknown>): Promise<GraphConnectedOrganization> {
    return this.client.api(CONNECTED_ORGANIZATIONS_PATH).post(body);
  }

  get(id: string): Promise<GraphConnectedOrganization> {
    return this.client.api(itemPath(id)).get();
  }

  async update(id: string, patch: Record<string, unknown>): Promise<void> {
    await this.client.api(itemPath(id)).patch(patch);
  }

  async delete(id: string): Promise<void> {
    await this.client.api(itemPath(id)).delete();
  }

  /** Every organization with this display name (display names are not unique). */
  findByDisplayName(displayName: string): Promise<GraphConnectedOrganization[]> {
    // The Graph client puts query values into the URL as given: percent-encode the whole value.
    const filter = encodeURIComponent(`displayName eq ${odataString(displayName)}`);
    return this.all(this.client.api(CONNECTED_ORGANIZATIONS_PATH).filter(filter).get());
  }

  /** Every connected organization of the tenant, all pages. */
  list(): Promise<GraphConnectedOrganization[]> {
    return this.all(this.client.api(CONNECTED_ORGANIZATIONS_PATH).get());
  }

  /** Every connected organization of the tenant, a page at a time, fetched as each is asked for. */
  pages(): AsyncGenerator<GraphConnectedOrganization[]> {
    return this.paged(this.client.api(CONNECTED_ORGANIZATIONS_PATH).get());
  }

  /** The id of the Entra tenant that owns a domain, or undefined when no tenant does. */
  async tenantIdOfDomain(domainName: string): Promise<string | undefined> {
    const argument = encodeURIComponent(domainName.replace(/'/g, "''"));
    try {
      const found: { tenantId?: string } = await this.client
        .api(`/tenantRelationships/findTenantInformationByDomainName(domainName='${argument}')`)
        .get();
      return found.tenantId?.toLowerCase();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Object ids of the organization's sponsors of one kind (users and groups). */
  async sponsors(id: string, kind: SponsorKind): Promise<string[]> {
    const found = await this.all<{ id: string }>(
      this.client
        .api(`${itemPath(id)}/${kind}`)
        .select("id")
        .get(),
    );
    return found.map((sponsor) => sponsor.id);
  }

  /** Adds a sponsor by reference; `reference` is the object's directoryObjects URL. */
  async addSponsor(id: string, kind: SponsorKind, reference: string): Promise<void> {
    await this.client.api(`${itemPath(id)}/${kind}/$ref`).post({ "@odata.id": reference });
  }

  async removeSponsor(id: string, kind: SponsorKind, objectId: string): Promise<void> {
    await this.client.api(`${itemPath(id)}/${kind}/${encodeURIComponent(objectId)}/$ref`).delete();
  }

  /** Every item of every page. */
  private async all<T>(first: Promise<Page<T>>): Promise<T[]> {
    const found: T[] = [];
    for await (const items of this.paged(first)) found.push(...items);
    return found;
  }

  /** Each page's items, following @odata.nextLink verbatim until the last page. */
  private async *paged<T>(first: Promise<Page<T>>): AsyncGenerator<T[]> {
    let page = await first;
    yield page.value;
    while (page["@odata.nextLink"]) {
      page = await this.client.api(page["@odata.nextLink"]).get();
      yield page.value;
    }
  }
}

/** An OData string literal: in single quotes, each single quote inside doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function itemPath(id: string): string {
  return `${CONNECTED_ORGANIZATIONS_PATH}/${encodeURIComponent(id)}`;
}
