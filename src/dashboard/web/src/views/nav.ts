import { html, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import type { ViewName } from '../view-data';
import { agentsView } from './agents';
import { algosView } from './algos';
import { chartView } from './chart-view';
import { operationsView } from './operations';
import { performanceView } from './performance';
import { riskView } from './risk';

const LABELS: Readonly<Record<ViewName, string>> = {
  trade: 'Trade',
  chart: 'Chart',
  performance: 'Performance',
  risk: 'Risk & accounts',
  operations: 'Operations',
  agents: 'Agents & signals',
  algos: 'Algorithms',
};

/** The page tabs under the top bar. */
export function navView(controller: Controller): TemplateResult {
  return html`<nav class="tabs" data-testid="nav">
    ${(Object.keys(LABELS) as ViewName[]).map(
      (view) =>
        html`<button
          class="tab ${controller.view === view ? 'active' : ''}"
          data-testid="nav-${view}"
          aria-current=${controller.view === view ? 'page' : 'false'}
          @click=${() => controller.showView(view)}
        >
          ${LABELS[view]}
        </button>`,
    )}
  </nav>`;
}

/** Every page but the trading one, which keeps its own layout. */
export function otherView(controller: Controller): TemplateResult {
  switch (controller.view) {
    case 'chart':
      return chartView(controller);
    case 'performance':
      return performanceView(controller);
    case 'risk':
      return riskView(controller);
    case 'agents':
      return agentsView(controller);
    case 'algos':
      return algosView(controller);
    case 'operations':
    case 'trade':
      return operationsView(controller);
  }
}
