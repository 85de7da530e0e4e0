export {
  createGroqRefiner,
  groqRefinerFromConfig,
  type GroqRefiner,
  type GroqRefinerOptions,
  type LlmAuditEntry,
} from './groq-refiner.ts';
export { mergeFindings, type RefinedFinding } from './merge.ts';
export { PROMPT_VERSION } from './prompt.ts';
export { readingKey } from './cache.ts';
