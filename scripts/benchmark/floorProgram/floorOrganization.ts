/* eslint-disable @typescript-eslint/no-require-imports -- the floor provider is loaded by path, as the package's is by name */
import * as pulumi from "@pulumi/pulumi";

/**
 * The same forwarding shape as the package's `__provider`: configure requires the provider module
 * (here by path, set when the benchmark copies this program) and takes on its methods.
 */
const floorProvider: pulumi.dynamic.ResourceProvider = {
  async configure(request) {
    const installed = require("FLOOR_PROVIDER_PATH");
    Object.assign(this, installed.resourceProvider);
    await installed.configure(request);
  },
} as pulumi.dynamic.ResourceProvider;

/** A trivial dynamic resource with the inputs and outputs of a ConnectedOrganization. */
export class FloorOrganization extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super(
      floorProvider,
      name,
      {
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
