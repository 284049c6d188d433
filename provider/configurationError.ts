/** A setting is missing, unknown or contradicts another; the message says what to set. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(`provider configuration: ${message}`);
    this.name = "ConfigurationError";
    // The engine prints `${error}: ${error.stack}`; this makes that the name and the message once,
    // with no trace of where in the provider it was raised.
    this.stack = this.message;
  }

  toString(): string {
    return this.name;
  }
}
