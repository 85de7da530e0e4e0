/**
 * The V8 settings the processor is meant to run with (`npm start`, the Docker image, the replay
 * bench): a smaller young generation (the processor's garbage is short-lived, and a 16 MB
 * semi-space still scavenges cheaply) and an old-space ceiling that keeps the county's resident
 * set under 500 MB; the state itself (compact cells) stays well below the ceiling. Node reads these only from
 * its command line or NODE_OPTIONS, so launchers pass them: `NODE_OPTIONS="$(…PROCESSOR_NODE_FLAGS)"`.
 */
export const PROCESSOR_NODE_FLAGS = ['--max-old-space-size=384', '--max-semi-space-size=16'] as const;
