import { Router } from 'express';
import { openApiDocument } from '../openapi/document.ts';

export function openApiRoute(): Router {
  const doc = JSON.stringify(openApiDocument());
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(doc);
  });
  return router;
}
