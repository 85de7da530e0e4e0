import type { RedisClient } from '../sinks/redis.ts';

/**
 * Exactly-once checkpoints: per partition, the state records, the stream sequence and the lease
 * epoch are saved together by one Lua script, which refuses to write when a later epoch has claimed
 * the partition — so a paused instance that lost its lease cannot overwrite its successor.
 */
const CLAIM = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
local epoch = tonumber(ARGV[1])
if cur > epoch then return -1 end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1])
return tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
`;

// Records go in as multi-field HSET / HDEL calls of up to CHUNK arguments (Lua's unpack has a
// stack limit), not one call per record: a replay's checkpoints carry thousands of records.
const SAVE = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if cur > tonumber(ARGV[1]) then return 0 end
local CHUNK = 2000
local setEnd = 3 + 2 * tonumber(ARGV[3])
local i = 4
while i <= setEnd do
  local j = math.min(i + CHUNK - 1, setEnd)
  redis.call('HSET', KEYS[2], unpack(ARGV, i, j))
  i = j + 1
end
while i <= #ARGV do
  local j = math.min(i + CHUNK - 1, #ARGV)
  redis.call('HDEL', KEYS[2], unpack(ARGV, i, j))
  i = j + 1
end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', ARGV[2])
return 1
`;

export class FencedError extends Error {
  constructor(partition: number, epoch: number) {
    super(`partition ${partition}: epoch ${epoch} was superseded by a later owner`);
    this.name = 'FencedError';
  }
}

export class CheckpointStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'ckpt',
  ) {}

  private keys(partition: number): [string, string] {
    return [`${this.prefix}:p${partition}:meta`, `${this.prefix}:p${partition}:state`];
  }

  /** Fences out earlier epochs and returns the saved sequence (0 when none). */
  async claim(partition: number, epoch: number): Promise<number> {
    const seq = Number(await this.redis.eval(CLAIM, { keys: this.keys(partition), arguments: [String(epoch)] }));
    if (seq < 0) throw new FencedError(partition, epoch);
    return seq;
  }

  async load(partition: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const key = this.keys(partition)[1];
    let cursor = '0';
    do {
      const r = await this.redis.hScan(key, cursor, { COUNT: 5000 });
      cursor = String(r.cursor);
      for (const { field, value } of r.entries) out.set(field, value);
    } while (cursor !== '0');
    return out;
  }

  /** Saves changed records (value undefined: deleted) with the sequence, only under a current epoch. */
  async save(partition: number, epoch: number, seq: number, records: [string, string | undefined][]): Promise<void> {
    const sets: string[] = [];
    const dels: string[] = [];
    for (const [k, v] of records) {
      if (v === undefined) dels.push(k);
      else sets.push(k, v);
    }
    const ok = await this.redis.eval(SAVE, {
      keys: this.keys(partition),
      arguments: [String(epoch), String(seq), String(sets.length / 2), ...sets, ...dels],
    });
    if (Number(ok) !== 1) throw new FencedError(partition, epoch);
  }
}
