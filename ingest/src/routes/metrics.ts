import { Router } from 'express';
import type { Registry } from 'prom-client';

/** Where `/metrics` text comes from: this process's registry, or (in a cluster) the sum over workers. */
export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

export function registrySource(registry: Registry): MetricsSource {
  return { contentType: registry.contentType, text: () => registry.metrics() };
}

export function metricsRoute(source: MetricsSource): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(source.contentType).send(await source.text());
  });
  return router;
}
