/**
 * `pulumi refresh` and `pulumi destroy` start the provider with the stack configuration saved by
 * the last `pulumi up`, not the current one: a credential changed in stack config since then is
 * not seen by them, while environment variables are read afresh by every run.
 */
export function savedConfigurationHint(operation: string, entraMessage: string): string {
  // Entra answers invalid_client when the client's own credential is refused: a wrong or expired
  // secret (AADSTS7000215, 7000222), an unregistered certificate (AADSTS700027).
  if (!/\binvalid_client\b/.test(entraMessage)) return "";
  if (operation !== "reading" && operation !== "deleting") return "";
  return " If the credential was changed in stack config since the last `pulumi up`: `pulumi refresh` and `pulumi destroy` use the configuration saved by that `up`; run them with --run-program to use the current one, or pass credentials in environment variables (ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH), which every run reads afresh.";
}
