import type { Redis } from '../redis.ts';

export interface LoginLimits {
  /** Failed attempts allowed per client address within the window. */
  perIp: number;
  /** Failed attempts allowed per username within the window. */
  perUser: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perUser: 5, windowSeconds: 900 };

/**
 * Failed logins counted in Redis (shared by every wallboard instance) per address and per username,
 * each in a fixed window. A success clears the username's count.
 */
export class LoginRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginLimits,
    /** Key prefix: one per deployment (and per test server, so tests sharing a Redis stay apart). */
    private readonly namespace = 'ratelimit:login',
  ) {}

  private keys(ip: string, username: string) {
    return { ip: `${this.namespace}:ip:${ip}`, user: `${this.namespace}:user:${username.toLowerCase()}` };
  }

  async isBlocked(ip: string, username: string): Promise<boolean> {
    const k = this.keys(ip, username);
    const [byIp, byUser] = await Promise.all([this.redis.get(k.ip), this.redis.get(k.user)]);
    return Number(byIp ?? 0) >= this.limits.perIp || Number(byUser ?? 0) >= this.limits.perUser;
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const k = this.keys(ip, username);
    await this.redis
      .multi()
      .incr(k.ip)
      .expire(k.ip, this.limits.windowSeconds, 'NX')
      .incr(k.user)
      .expire(k.user, this.limits.windowSeconds, 'NX')
      .exec();
  }

  async recordSuccess(ip: string, username: string): Promise<void> {
    await this.redis.del(this.keys(ip, username).user);
  }
}
