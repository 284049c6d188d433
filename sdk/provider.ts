/* eslint-disable @typescript-eslint/no-require-imports -- the provider is loaded by package name on purpose */
import * as pulumi from "@pulumi/pulumi";

/**
 * The object stored as `__provider` with every resource. The engine calls `configure` before any
 * other method, and that first call requires the provider by package name and takes on its
 * methods. So the serialized text captures nothing, stays small and the same across releases,
 * and refresh or delete always run the installed code.
 */
export const connectedOrganizationProvider: pulumi.dynamic.ResourceProvider = {
  async configure(request) {
    const installed = require("pulumi-entra-connected-organizations/provider");
    Object.assign(this, installed.resourceProvider);
    await installed.configure(request);
  },
} as pulumi.dynamic.ResourceProvider;
