import { render } from 'lit-html';
import { ApiError } from './api';
import { Controller } from './controller';
import { forgetToken, openSession, storedToken } from './session';
import { loginView } from './views/login';
import { pageView } from './views/page';
import { TicketModel } from './views/ticket';
import './styles/base.css';
import './styles/layout.css';
import './styles/widgets.css';

const root = document.getElementById('app') as HTMLElement;
let controller: Controller | undefined;
const ticket = new TicketModel();
let scheduled = false;

/** Live prices can tick many times a second: draw at most once per frame. */
function scheduleRender(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    if (controller !== undefined) render(pageView(controller, ticket, scheduleRender, logout), root);
  });
}

function showLogin(error?: string, busy = false): void {
  render(
    loginView({ busy, onSubmit: (token) => void login(token), ...(error === undefined ? {} : { error }) }),
    root,
  );
}

async function login(token: string): Promise<void> {
  showLogin(undefined, true);
  try {
    const session = await openSession(token);
    controller = new Controller(session);
    controller.state.onChange(scheduleRender);
    scheduleRender();
    await controller.start();
  } catch (error) {
    controller?.stop();
    controller = undefined;
    forgetToken();
    showLogin(loginError(error));
  }
}

function logout(): void {
  controller?.stop();
  controller = undefined;
  forgetToken();
  showLogin();
}

function loginError(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'The service does not know this token.';
  if (error instanceof ApiError) return error.describe();
  return String(error);
}

const saved = storedToken();
if (saved === undefined) showLogin();
else void login(saved);
