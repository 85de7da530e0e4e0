/**
 * The processor's pure analytics: plain data in, plain data out, no I/O and no clocks ("now" and
 * "today" are arguments). The contract with the processor's state is `types.ts`.
 *
 * Typical evaluation of a unit (each time its windows change, or on a timer for "now"):
 *  - drift: build one `DriftInput` per dictionary dimension (and per track if wanted) from the daily
 *    cells of the last `drift.cusumDays`, then `detectUnitDrift(inputs, dictionary)` (BH over the family);
 *  - funnel plot for the wall: `funnelPlot(input, dictionary)` for the headline dimension;
 *  - clusters: `scanClusters` per scope (each worker, the unit) × risk code with
 *    `alpha = clusterAlpha(dictionary.clusters, workers, codes)`;
 *  - overdue: `computeOverdue(input, dictionary.overdue)`; tripwires: `evaluateTripwires`;
 *    load: `workerLoad` / `unitLoad`; pool: `recommendPool`.
 */
export * from './types.ts';
export { modelFor, type Measure, type RateModel } from './measures.ts';
export { detectDrift, detectUnitDrift, evaluateDrift, resolveFamily, isoDay, type DriftDictionary } from './drift.ts';
export { funnelPlot, type FunnelPlot, type FunnelPlotPoint } from './funnel-plot.ts';
export { funnelLimits, funnelTest, funnelCurve, overdispersion } from './funnel.ts';
export { scanClusters, clusterAlpha, expectedPerHour, type ClusterDictionary } from './clusters.ts';
export {
  computeOverdue,
  type OverdueInput,
  type OverdueCase,
  type AwaitingNote,
  type OverdueWorker,
  type OverdueAbsence,
  type OverdueQueueItem,
  type OverdueResult,
} from './overdue.ts';
export { localDay, localMidnightMs } from './business-days.ts';
export { caseWeight, complexityBand, stratumOf, workerLoad, unitLoad, type WorkerLoad } from './load.ts';
export { evaluateTripwires, type TripwireInput, type TripwireFinding } from './tripwires.ts';
export { recommendPool, type PoolCase, type PoolWorker, type PoolItem, type PoolSummary } from './pool.ts';
export { explainDrift, explainCluster } from './explain.ts';
