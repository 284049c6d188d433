import * as azuread from "@pulumi/azuread";
import { ConnectedOrganization } from "pulumi-entra-connected-organizations";

// The partners whose users may ask for access.
const contoso = new ConnectedOrganization("contoso", {
  displayName: "Contoso",
  description: "Supplier - procurement portal access",
  identitySources: [{ domainName: "contoso.com" }],
  state: "configured",
});
const fabrikam = new ConnectedOrganization("fabrikam", {
  displayName: "Fabrikam",
  description: "Logistics partner",
  identitySources: [{ tenantId: "8af02cce-7ac9-4dce-820f-e076c829d041" }],
  state: "configured",
  internalSponsors: ["5d3b6b2e-5d7f-4b65-9b4e-2f1c8e6a7d10"],
});
const partners = [contoso, fabrikam];

// What they ask for: an access package in a catalog that users outside the tenant can see.
const catalog = new azuread.AccessPackageCatalog("partner-catalog", {
  displayName: "Partner collaboration",
  description: "Resources shared with connected organizations",
  externallyVisible: true,
  published: true,
});
const procurement = new azuread.AccessPackage("procurement", {
  catalogId: catalog.id,
  displayName: "Procurement portal",
  description: "Access to the procurement portal for partner staff",
});

// Who may ask, and who approves: members of exactly these partners, approved by each one's
// internal sponsors, for 90 days at a time.
const partnerPolicy = new azuread.AccessPackageAssignmentPolicy("partner-requests", {
  accessPackageId: procurement.id,
  displayName: "Partner requests",
  description: "Users of connected partner organizations may request access",
  durationInDays: 90,
  requestorSettings: {
    requestsAccepted: true,
    scopeType: "SpecificConnectedOrganizationSubjects",
    requestors: partners.map((partner) => ({
      subjectType: "connectedOrganizationMembers",
      objectId: partner.id,
    })),
  },
  approvalSettings: {
    approvalRequired: true,
    requestorJustificationRequired: true,
    approvalStages: [
      {
        approvalTimeoutInDays: 14,
        primaryApprovers: [{ subjectType: "internalSponsors" }],
      },
    ],
  },
});

export const connectedOrganizationIds = { contoso: contoso.id, fabrikam: fabrikam.id };
export const accessPackageId = procurement.id;
export const policyId = partnerPolicy.id;
