import express, { Router } from 'express';
import type { SimulatedAgents } from './simulated-agents.js';

/** The agent, tool and phone-number endpoints agent:sync uses (`/v1/convai/...`). */
export function agentRoutes(agents: SimulatedAgents): Router {
  const router = Router();
  router.get('/agents/:id', (req, res) => {
    res.json(agents.get(String(req.params.id)));
  });
  router.post('/tools', express.json({ limit: '1mb' }), (req, res) => {
    const config = (req.body as { tool_config?: unknown } | undefined)?.tool_config;
    if (!config || typeof config !== 'object') {
      res.status(422).json({
        detail: [
          { loc: ['body', 'tool_config'], msg: 'field required', type: 'value_error.missing' },
        ],
      });
      return;
    }
    res.json(agents.createTool(config as Record<string, unknown>));
  });
  router.get('/tools', (_req, res) => res.json({ tools: agents.listTools() }));
  router.get('/secrets', (req, res) => {
    const search = typeof req.query.search === 'string' ? req.query.search : undefined;
    res.json({ secrets: agents.secrets.list(search) });
  });
  router.post('/secrets', express.json({ limit: '1mb' }), (req, res) => {
    const { type, name, value } = (req.body ?? {}) as Record<string, unknown>;
    const missing = Object.entries({ name, value })
      .filter(([, given]) => typeof given !== 'string' || !given)
      .map(([key]) => key);
    if (type !== 'new' || missing.length > 0) {
      res.status(422).json({
        detail: [
          ...(type !== 'new'
            ? [{ loc: ['body', 'type'], msg: "must be 'new'", type: 'value_error' }]
            : []),
          ...missing.map((key) => ({
            loc: ['body', key],
            msg: 'field required',
            type: 'value_error.missing',
          })),
        ],
      });
      return;
    }
    res.json(agents.secrets.create(String(name), String(value)));
  });
  router.patch('/tools/:id', express.json({ limit: '1mb' }), (req, res) => {
    const config = (req.body as { tool_config?: unknown } | undefined)?.tool_config;
    const tool =
      config && typeof config === 'object'
        ? agents.updateTool(String(req.params.id), config as Record<string, unknown>)
        : undefined;
    if (!tool) {
      res.status(404).json({ detail: { status: 'tool_not_found', message: 'Tool not found' } });
      return;
    }
    res.json(tool);
  });
  router.patch('/agents/:id', express.json({ limit: '1mb' }), (req, res) => {
    const patch = req.body as unknown;
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
      res.status(422).json({
        detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }],
      });
      return;
    }
    res.json(agents.patch(String(req.params.id), patch as Record<string, unknown>));
  });
  router.get('/phone-numbers/:id', (req, res) => {
    res.json(agents.phoneNumber(String(req.params.id)));
  });
  router.patch('/phone-numbers/:id', express.json({ limit: '1mb' }), (req, res) => {
    const agentId = (req.body as { agent_id?: unknown } | undefined)?.agent_id;
    if (typeof agentId !== 'string' || !agentId) {
      res.status(422).json({
        detail: [{ loc: ['body', 'agent_id'], msg: 'field required', type: 'value_error.missing' }],
      });
      return;
    }
    res.json(agents.assignPhoneNumber(String(req.params.id), agentId));
  });
  return router;
}
