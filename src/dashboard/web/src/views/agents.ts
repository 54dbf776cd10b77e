import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { formatTime } from '../format';
import { isAdmin } from '../session';
import { isRecord, listOf, text, type Json } from '../wire';

/** The orchestrator: agents and their health, circuit breakers with the emergency stop, the signal feed. */
export function agentsView(controller: Controller): TemplateResult {
  return html`<main class="page-single">
    ${breakersPanel(controller)} ${agentsPanel(controller)} ${signalsPanel(controller)}
  </main>`;
}

function agentsPanel(controller: Controller): TemplateResult {
  const admin = isAdmin(controller.session.scope);
  const agents = controller.data.agents;
  const lastSignal = new Map<string, Json>();
  for (const trace of controller.data.signals) {
    const signal = isRecord(trace.signal) ? trace.signal : {};
    const agentId = text(signal.agentId);
    if (!lastSignal.has(agentId)) lastSignal.set(agentId, trace);
  }
  return html`<section class="panel" data-testid="agents">
    <h2>Agents <span class="count">${agents.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th>Agent</th>
          <th>Kind</th>
          <th>Health</th>
          <th>Last seen</th>
          <th class="num">Error rate</th>
          <th class="num">Restarts</th>
          <th>Last signal</th>
          ${admin ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${agents.map((a) => {
          const id = text(a.agentId);
          const last = lastSignal.get(id);
          const signal = last !== undefined && isRecord(last.signal) ? last.signal : undefined;
          return html`<tr data-testid="agent" data-agent-id=${id}>
            <td class="mono">${id}</td>
            <td>${text(a.kind)}</td>
            <td>
              <span class="pill small health-${text(a.health)}" data-testid="agent-health"
                >${text(a.health)}</span
              >
            </td>
            <td class="muted">${typeof a.lastSeenAt === 'number' ? formatTime(a.lastSeenAt) : '–'}</td>
            <td class="num">${text(a.errorRate, '–')}</td>
            <td class="num">${text(a.restarts, '0')}</td>
            <td data-testid="agent-last-signal">
              ${
                signal === undefined
                  ? html`<span class="muted">none</span>`
                  : html`${text(signal.intent)} ${text(signal.instrumentId)}
                      <span class="muted">${outcomeOf(last)}</span>`
              }
            </td>
            ${admin ? html`<td>${agentControls(controller, a)}</td>` : nothing}
          </tr>`;
        })}
      </tbody>
    </table>
    ${agents.length === 0 ? html`<p class="empty">No agents registered.</p>` : nothing}
  </section>`;
}

function agentControls(controller: Controller, agent: Json): TemplateResult {
  const id = text(agent.agentId);
  const enabled = agent.enabled !== false;
  return html`<button
      class="small ${enabled ? 'danger' : 'ghost'}"
      data-testid="agent-toggle"
      @click=${() => void controller.operator.agentAction(id, enabled ? 'disable' : 'enable')}
    >
      ${enabled ? 'Disable' : 'Enable'}
    </button>
    ${
      text(agent.kind) === 'managed'
        ? html`<button
            class="small ghost"
            data-testid="agent-restart"
            @click=${() => void controller.operator.agentAction(id, 'restart')}
          >
            Restart
          </button>`
        : nothing
    }`;
}

function breakersPanel(controller: Controller): TemplateResult {
  const admin = isAdmin(controller.session.scope);
  const { breakers, intakeOpen } = controller.data;
  return html`<section class="panel" data-testid="breakers">
    <header class="panel-head">
      <h2>Circuit breakers</h2>
      <span
        class="pill small ${intakeOpen === false ? 'state-halted' : 'state-active'}"
        data-testid="signal-intake"
        >${intakeOpen === false ? 'signal intake closed' : 'signal intake open'}</span
      >
      ${
        admin
          ? intakeOpen === false
            ? html`<button
                class="ghost"
                data-testid="signals-resume"
                @click=${() => void controller.operator.resumeSignals()}
              >
                Reopen signal intake
              </button>`
            : html`<button
                class="danger"
                data-testid="signals-emergency-stop"
                @click=${() => void controller.operator.signalsEmergencyStop()}
              >
                Emergency stop
              </button>`
          : nothing
      }
    </header>
    <table>
      <thead>
        <tr>
          <th>Breaker</th>
          <th>Level</th>
          <th>State</th>
          <th>Reason</th>
          <th>Reopens</th>
          ${admin ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${breakers.map(
          (b) =>
            html`<tr data-testid="breaker" data-breaker-id=${text(b.id)}>
              <td class="mono">${text(b.id)}</td>
              <td>${text(b.level)}</td>
              <td>
                <span class="pill small breaker-${text(b.state)}" data-testid="breaker-state"
                  >${text(b.state)}</span
                >
              </td>
              <td class="wrap">${text(b.reason, '–')}</td>
              <td class="muted">${typeof b.reopensAt === 'number' ? formatTime(b.reopensAt) : '–'}</td>
              ${
                admin
                  ? html`<td>
                      ${
                        text(b.state) === 'open'
                          ? html`<button
                              class="small ghost"
                              data-testid="breaker-resume"
                              @click=${() => void controller.operator.resumeBreaker(text(b.id))}
                            >
                              Resume
                            </button>`
                          : nothing
                      }
                    </td>`
                  : nothing
              }
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** The newest signals, each with what every stage decided and why. */
function signalsPanel(controller: Controller): TemplateResult {
  const signals = controller.data.signals;
  return html`<section class="panel" data-testid="signal-feed">
    <h2>Signals <span class="count">${signals.length}</span></h2>
    ${
      signals.length === 0
        ? html`<p class="empty">No signals yet.</p>`
        : html`<ul class="plain signals">
            ${signals.map((trace) => {
              const signal = isRecord(trace.signal) ? trace.signal : {};
              return html`<li class="signal" data-testid="signal" data-signal-id=${text(signal.signalId)}>
                <header>
                  <strong>${text(signal.intent)} ${text(signal.instrumentId)}</strong>
                  <span class="muted"
                    >${text(signal.agentId)} ·
                    ${typeof signal.receivedAt === 'number' ? formatTime(signal.receivedAt) : '–'}</span
                  >
                  <span class="pill small outcome-${outcomeOf(trace)}" data-testid="signal-outcome"
                    >${outcomeOf(trace)}</span
                  >
                </header>
                <ol class="stages">
                  ${listOf(trace, 'trace').map(
                    (step) =>
                      html`<li
                        data-testid="signal-stage"
                        data-stage=${text(step.stage)}
                        data-verdict=${text(step.verdict)}
                      >
                        <span class="stage">${text(step.stage)}</span>
                        <span class="verdict verdict-${text(step.verdict)}">${text(step.verdict)}</span>
                        <span class="muted">${text(step.reason)}</span>
                      </li>`,
                  )}
                </ol>
              </li>`;
            })}
          </ul>`
    }
  </section>`;
}

function outcomeOf(trace: Json | undefined): string {
  const outcome = trace !== undefined && isRecord(trace.outcome) ? trace.outcome : undefined;
  return text(outcome?.state, 'pending');
}
