import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  TokenCredential,
} from "@azure/identity";
import { loadClientCertificate } from "./clientCertificate";
import { getOidcToken } from "./oidcToken";
import { Settings } from "./settings";

/** The one credential of the provider process, built from resolved settings. */
export function createCredential(settings: Settings): TokenCredential {
  const common = {
    authorityHost: settings.authorityHost,
    ...(settings.customAuthority ? { disableInstanceDiscovery: true } : {}),
  };
  const credential = settings.credential;
  switch (credential.kind) {
    case "clientSecret":
      return new ClientSecretCredential(
        credential.tenantId,
        credential.clientId,
        credential.clientSecret,
        common,
      );
    case "clientCertificate":
      return new ClientCertificateCredential(
        credential.tenantId,
        credential.clientId,
        loadClientCertificate(credential.certificatePath, credential.certificatePassword),
        common,
      );
    case "workloadIdentity": {
      const source = credential.token;
      return new ClientAssertionCredential(
        credential.tenantId,
        credential.clientId,
        () => getOidcToken(source),
        common,
      );
    }
    case "managedIdentity":
      return credential.clientId
        ? new ManagedIdentityCredential({ clientId: credential.clientId })
        : new ManagedIdentityCredential();
    case "azureCli":
      return new AzureCliCredential(credential.tenantId ? { tenantId: credential.tenantId } : {});
    case "default":
      return new DefaultAzureCredential({
        ...common,
        ...(credential.tenantId ? { tenantId: credential.tenantId } : {}),
        ...(credential.clientId ? { managedIdentityClientId: credential.clientId } : {}),
      });
  }
}
