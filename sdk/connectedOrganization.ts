import * as pulumi from "@pulumi/pulumi";
import type {
  ConnectedOrganizationState,
  IdentitySource,
  ResolvedIdentitySource,
} from "../provider/resource/connectedOrganization";
import { IdentitySourceArgs } from "./identitySourceArgs";
import { connectedOrganizationProvider } from "./provider";

/** The inputs of a {@link ConnectedOrganization}. */
export interface ConnectedOrganizationArgs {
  /** The organization's name as shown in My Access and the Entra admin center. Required, non-empty. */
  displayName: pulumi.Input<string>;
  /** A free-text description. Omitted or empty means no description. */
  description?: pulumi.Input<string>;
  /**
   * Where the organization's users sign in from: a list of exactly one identity source. Changing it
   * updates the organization in place on Graph v1.0, and replaces it on beta (whose PATCH does not
   * accept identity sources).
   */
  identitySources: pulumi.Input<pulumi.Input<IdentitySourceArgs>[]>;
  /**
   * `configured` puts the organization in scope of policies that target "all configured connected
   * organizations"; `proposed` does not. When omitted the provider leaves the state alone and never
   * shows a change for it.
   */
  state?: pulumi.Input<ConnectedOrganizationState>;
  /**
   * Object ids of the users or groups of your tenant who sponsor the organization's users (they
   * approve or answer for them). When omitted the provider leaves internal sponsors alone; `[]`
   * removes them all.
   */
  internalSponsors?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Object ids of users or groups that sponsor from the partner's side (guests in your tenant).
   * When omitted the provider leaves external sponsors alone; `[]` removes them all.
   */
  externalSponsors?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The Graph object id of an organization that already exists (made in the portal, by a script,
   * or proposed by an access request), for this resource to take over instead of creating one.
   * The provider reads it, refuses if its identity source differs from `identitySources`, and
   * changes only what differs from these inputs (nothing when they match). Once adopted, removing
   * this input changes nothing; naming another id replaces the resource. Pulumi's `import` option
   * does not work with this resource: use this instead. `npx pulumi-entra-connected-organizations
   * export` writes a tenant's organizations with their ids.
   */
  adoptId?: pulumi.Input<string>;
}

/**
 * A Microsoft Entra ID Governance connected organization: a partner whose users may request
 * access packages. Its Graph object id is the resource id.
 *
 * ```ts
 * const fabrikam = new ConnectedOrganization("fabrikam", {
 *   displayName: "Fabrikam",
 *   identitySources: [{ domainName: "fabrikam.com" }],
 *   state: "configured",
 * });
 * ```
 */
export class ConnectedOrganization extends pulumi.dynamic.Resource {
  /** The name Graph holds. */
  declare public readonly displayName: pulumi.Output<string>;
  /** The description Graph holds; empty when there is none. */
  declare public readonly description: pulumi.Output<string>;
  /** The identity sources as declared (normalized: lower-case domains and tenant ids). */
  declare public readonly identitySources: pulumi.Output<IdentitySource[]>;
  /** The state Graph holds (`configured` or `proposed`), whether or not it is managed. */
  declare public readonly state: pulumi.Output<string>;
  /** Whether `state` was declared and so is kept in line by the provider. */
  declare public readonly stateManaged: pulumi.Output<boolean>;
  /** The identity sources as Graph stores them, e.g. the tenant a declared domain resolved to. */
  declare public readonly resolvedIdentitySources: pulumi.Output<ResolvedIdentitySource[]>;
  /** Internal sponsors' object ids (lower case, sorted) when declared, otherwise undefined. */
  declare public readonly internalSponsors: pulumi.Output<string[] | undefined>;
  /** External sponsors' object ids (lower case, sorted) when declared, otherwise undefined. */
  declare public readonly externalSponsors: pulumi.Output<string[] | undefined>;
  /** When Graph created the organization (ISO 8601, UTC). */
  declare public readonly createdDateTime: pulumi.Output<string>;
  /** When Graph last changed the organization (ISO 8601, UTC). */
  declare public readonly modifiedDateTime: pulumi.Output<string>;
  /** Who created it; returned by the beta API only, otherwise undefined. */
  declare public readonly createdBy: pulumi.Output<string | undefined>;
  /** Who last changed it; returned by the beta API only, otherwise undefined. */
  declare public readonly modifiedBy: pulumi.Output<string | undefined>;

  constructor(name: string, args: ConnectedOrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      connectedOrganizationProvider,
      name,
      {
        // Every key given is passed on, so the provider's check names a misspelt one (from YAML
        // or JavaScript) instead of it being dropped without a word.
        description: undefined,
        state: undefined,
        internalSponsors: undefined,
        externalSponsors: undefined,
        ...args,
        stateManaged: undefined,
        resolvedIdentitySources: undefined,
        createdDateTime: undefined,
        modifiedDateTime: undefined,
        createdBy: undefined,
        modifiedBy: undefined,
      },
      opts,
      "entra",
      "ConnectedOrganization",
    );
  }
}
