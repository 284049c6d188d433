import { ProviderError } from "../providerError";

/** A setting is missing, unknown or contradicts another; the message says what to set. */
export class ConfigurationError extends ProviderError {
  constructor(message: string) {
    super(`provider configuration: ${message}`);
  }
}
