import type { Settings } from "../auth/settings";
import type { ConnectedOrganizationsApi } from "../graph/connectedOrganizationsApi";

/** What every lifecycle step works with: the process's Graph calls and its resolved settings. */
export interface ProviderContext {
  api: ConnectedOrganizationsApi;
  settings: Settings;
}
