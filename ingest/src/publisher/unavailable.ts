/** NATS or JetStream could not take the work now; the client should retry (HTTP 503). */
export class NatsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NatsUnavailableError';
  }
}
