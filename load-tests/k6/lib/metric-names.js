// @ts-check
/**
 * Names of the custom metrics, shared by the scripts that record them, the thresholds and the
 * summary. Plain strings, no imports.
 */

export const INGEST = Object.freeze({
  /** Counter: events the ingest answered 202 for (its `accepted`). */
  accepted: 'ingest_events_accepted',
  /** Counter: events it reported as repeats (its `duplicates`); stays 0 thanks to fresh ids. */
  duplicates: 'ingest_events_duplicate',
  /** Counter: 503 answers (each was waited out per `Retry-After` and retried, or given up on). */
  retried503: 'ingest_retry_503',
  /** Counter: batches still not accepted after the last retry. */
  gaveUp: 'ingest_batches_given_up',
  /** Rate: batches that ended accepted. */
  batchOk: 'ingest_batch_ok',
  /** Trend (ms): one batch from first send to final answer, waits for retries included. */
  batchTime: 'ingest_batch_time',
  /** The `name` tag of ingest requests, so `http_req_duration{name:ingest_batch}` is theirs alone. */
  requestName: 'ingest_batch',
});

export const SCREEN = Object.freeze({
  /** Counter: `view` events received. */
  views: 'wallboard_views',
  /** Counter: `heartbeat` events received. */
  heartbeats: 'wallboard_heartbeats',
  /** Trend (ms): receipt time − the view's `generatedAt`. */
  viewAge: 'wallboard_view_age',
  /** Trend (ms): the processor lag each heartbeat reports (`lagMs`). */
  heartbeatLag: 'wallboard_heartbeat_lag',
  /** Trend (ms): WebSocket connect start → the namespace's CONNECT reply. */
  connectTime: 'wallboard_connect_time',
  /** Trend (ms): `subscribe` sent → its acknowledgement. */
  subscribeTime: 'wallboard_subscribe_time',
  /** Rate: sessions that joined the namespace. */
  connected: 'wallboard_connected',
  /** Rate: subscribe acknowledgements leaving a standing subscription (`ok`, or `not_found`: no view yet). */
  subscribed: 'wallboard_subscribed',
  /** Counter: refusals (`44/live,{"message":...}`), tagged with the message. */
  connectErrors: 'wallboard_connect_errors',
  /** Counter: frames this client could not make sense of. */
  protocolErrors: 'wallboard_protocol_errors',
  /** Counter: server pings answered. */
  pongs: 'wallboard_pongs',
  /** Counter: sessions closed because the server stopped pinging (pingInterval + pingTimeout). */
  silentDrops: 'wallboard_silent_drops',
  /** Counter: sessions the server ended (Socket.IO DISCONNECT, Engine.IO CLOSE, `revoked`). */
  serverClosed: 'wallboard_server_closed',
});
