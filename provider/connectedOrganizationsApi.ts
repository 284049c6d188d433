import { Client } from "@microsoft/microsoft-graph-client";

export const CONNECTED_ORGANIZATIONS_PATH =
  "/identityGovernance/entitlementManagement/connectedOrganizations";

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

interface Page {
  value: GraphConnectedOrganization[];
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
  async findByDisplayName(displayName: string): Promise<GraphConnectedOrganization[]> {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    const found: GraphConnectedOrganization[] = [];
    let page: Page = await this.client.api(CONNECTED_ORGANIZATIONS_PATH).filter(filter).get();
    found.push(...page.value);
    while (page["@odata.nextLink"]) {
      page = await this.client.api(page["@odata.nextLink"]).get();
      found.push(...page.value);
    }
    return found;
  }
}

function itemPath(id: string): string {
  return `${CONNECTED_ORGANIZATIONS_PATH}/${encodeURIComponent(id)}`;
}
