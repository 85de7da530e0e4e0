/**
 * Reading a few string fields straight from a message's JSON bytes, without decoding or parsing
 * it: for the messages a partition passes over (another partition's roster), a full parse cost
 * more than everything else it does with them. Only plain values are read — a field written with
 * spaces, escapes or in an unexpected place gives undefined, and the caller parses the message
 * as usual — so a wrong answer needs JSON that no JSON.stringify writes.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const needles = new Map<string, Buffer>();

function needle(text: string): Buffer {
  let b = needles.get(text);
  if (!b) needles.set(text, (b = Buffer.from(text, 'latin1')));
  return b;
}

function view(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The plain string value of `"name":"…"` found within [from, to) of the bytes, else undefined. */
function stringField(buf: Buffer, name: string, from: number, to: number): string | undefined {
  const key = needle(`"${name}":"`);
  const at = buf.indexOf(key, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + key.length;
  const end = buf.indexOf(QUOTE, start);
  if (end < 0 || end > to) return undefined;
  const slash = buf.indexOf(BACKSLASH, start);
  if (slash >= 0 && slash < end) return undefined;
  return buf.toString('utf8', start, end);
}

export interface RawRosterFields {
  /** The envelope's `time`. */
  time: string;
  unitId: string;
  workerId: string;
  /** When ingest accepted it (after `data`), for the lag; absent when not plainly there. */
  receivedAt?: string;
}

/**
 * `time` (from the envelope, before `data`) and `data.unitId` / `data.workerId` of a serialised
 * event, or undefined when any of them is not plainly there; `receivedAt` too when it is.
 */
export function rawRosterFields(data: Uint8Array): RawRosterFields | undefined {
  const buf = view(data);
  const dataAt = buf.indexOf(needle('"data":{'));
  if (dataAt < 0) return undefined;
  const time = stringField(buf, 'time', 0, dataAt);
  if (time === undefined) return undefined;
  // `data` is an object of plain fields: its keys come before the envelope's later ones.
  const end = buf.indexOf(0x7d /* } */, dataAt);
  if (end < 0) return undefined;
  const unitId = stringField(buf, 'unitId', dataAt, end);
  const workerId = stringField(buf, 'workerId', dataAt, end);
  if (unitId === undefined || workerId === undefined) return undefined;
  const receivedAt = stringField(buf, 'receivedAt', end, buf.length);
  return receivedAt === undefined ? { time, unitId, workerId } : { time, unitId, workerId, receivedAt };
}
