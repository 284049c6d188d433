/** A setting is missing, unknown or contradicts another; the message says what to set. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(`provider configuration: ${message}`);
    this.name = "ConfigurationError";
    // A user needs the message, not where in the provider it was raised.
    this.stack = `${this.name}: ${this.message}`;
  }
}
