import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  TokenCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { readFileSync } from "node:fs";
import { ConfigurationError } from "./configurationError";
import { Settings } from "./settings";
import { describeSetting } from "./settingKeys";

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
        {
          certificate: readCertificate(credential.certificatePath),
          ...(credential.certificatePassword !== undefined
            ? { certificatePassword: credential.certificatePassword }
            : {}),
        },
        common,
      );
    case "workloadIdentity":
      return new WorkloadIdentityCredential({
        ...common,
        tenantId: credential.tenantId,
        clientId: credential.clientId,
        tokenFilePath: credential.tokenFilePath,
      });
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

function readCertificate(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigurationError(
      `cannot read the client certificate at ${path} (${reason}); set ${describeSetting("clientCertificatePath")} to a PEM file holding the certificate and its private key`,
    );
  }
}
