export { startProcessor, type Processor, type ProcessorConfig } from './processor.ts';
