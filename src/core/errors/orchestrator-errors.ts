import type { ErrorDefinition } from './definition';

/** Signal intake, the pipeline, agents and alert webhooks (src/orchestrator). */
export const ORCHESTRATOR_ERRORS = {
  ORCH_SIGNAL_INVALID: {
    description: 'the signal does not match its schema; the field names the rule broken',
    retryable: false,
  },
  ORCH_SIGNAL_DUPLICATE: {
    description: 'the client signal id was already used with a different content',
    retryable: false,
  },
  ORCH_SIGNAL_EXPIRED: { description: 'the signal expired before it could be processed', retryable: false },
  ORCH_SIGNAL_NOT_FOUND: { description: 'no signal with this client signal id is known', retryable: false },
  ORCH_INTAKE_STOPPED: {
    description: 'signal intake is stopped (emergency stop); an operator must resume it',
    retryable: false,
  },
  ORCH_AGENT_UNKNOWN: { description: 'the agent is not registered', retryable: false },
  ORCH_AGENT_UNHEALTHY: {
    description: 'the agent missed its heartbeats; its signals are refused until it is seen again',
    retryable: true,
  },
  ORCH_AGENT_DISABLED: { description: 'the agent is disabled by an operator', retryable: false },
  ORCH_AGENT_NOT_MANAGED: {
    description: 'only a managed agent (started by TMT) can be restarted',
    retryable: false,
  },
  ORCH_WEBHOOK_UNKNOWN: { description: 'no alert webhook has this name', retryable: false },
  ORCH_WEBHOOK_SECRET: { description: 'the alert webhook secret is missing or wrong', retryable: false },
  ORCH_WEBHOOK_REPLAY: { description: 'this alert (same id or time) was already received', retryable: false },
  ORCH_WEBHOOK_SOURCE: {
    description: 'the sender address is not in the webhook allowlist',
    retryable: false,
  },
  ORCH_WEBHOOK_TEMPLATE: {
    description: 'the alert could not be mapped to a signal by the webhook template',
    retryable: false,
  },
  ORCH_BACKTEST_DATA: {
    description: 'a backtest data row is malformed or out of time order',
    retryable: false,
  },
} as const satisfies Record<string, ErrorDefinition>;
