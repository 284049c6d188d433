/** An error whose message says everything a user needs; the engine prints it without a trace. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    // The engine prints `${error}: ${error.stack}`; with these two that reads name: message, once.
    this.stack = this.message;
  }

  toString(): string {
    return this.name;
  }
}
