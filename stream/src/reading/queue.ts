/** Thrown when the queue is full: the caller keeps the built-in reading. */
export class QueueFullError extends Error {
  constructor() {
    super('LLM reading queue is full');
    this.name = 'QueueFullError';
  }
}

/**
 * A bounded work queue with a concurrency limit: at most `concurrency` tasks run, at most
 * `maxQueued` wait; beyond that `run` rejects at once so a backlog never builds up in memory.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
  ) {
    if (concurrency < 1) throw new Error('concurrency must be at least 1');
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
