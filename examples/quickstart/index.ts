import { ConnectedOrganization } from "pulumi-entra-connected-organizations";

const contoso = new ConnectedOrganization("contoso", {
  displayName: "Contoso",
  description: "Supplier - procurement portal access",
  identitySources: [{ domainName: "contoso.com" }],
  state: "configured",
});

export const contosoId = contoso.id;
export const contosoTenant = contoso.resolvedIdentitySources;
