/** The dashboard's HTTP client: bearer auth, JSON both ways, the API's `{code, message, field}` errors kept whole. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole answer: a denied order (422) carries the order and the denial besides the code. */
    readonly body?: unknown,
  ) {
    super(message);
  }

  /** What a trader reads: the code, the message and the field it names. */
  describe(): string {
    const field = this.field === undefined ? '' : ` (field: ${this.field})`;
    return `${this.code}: ${this.message}${field}`;
  }
}

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly base = '',
  ) {}

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** The live stream's address: same host, ws(s) scheme, token in the query (browsers cannot set WS headers). */
  streamUrl(cursor: number | undefined): string {
    const url = new URL(`${this.base}/api/v1/stream`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (cursor !== undefined) url.searchParams.set('cursor', String(cursor));
    url.searchParams.set('token', this.token);
    return url.toString();
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, init);
    } catch (error) {
      throw new ApiError(0, 'NETWORK', `the service did not answer ${method} ${path}: ${String(error)}`);
    }
    const raw = await response.text();
    const parsed = raw === '' ? undefined : safeParse(raw);
    if (!response.ok) throw toApiError(response.status, parsed, raw);
    return parsed as T;
  }
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function toApiError(status: number, body: unknown, raw: string): ApiError {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const code = typeof record.code === 'string' ? record.code : `HTTP_${status}`;
    const message = typeof record.message === 'string' ? record.message : raw.slice(0, 200);
    const field = typeof record.field === 'string' ? record.field : undefined;
    return new ApiError(status, code, message, field, body);
  }
  return new ApiError(status, `HTTP_${status}`, raw.slice(0, 200) || `request failed with status ${status}`);
}
