import { z } from 'zod/v4';

import type { AnyRouteSpec } from './route';

const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
    details: { type: 'object' },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // `io: 'input'` documents what a client sends (before defaults and transforms).
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (schema === undefined) return [];
  const json = jsonSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, unknown>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: readonly AnyRouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: {
        '200': { description: 'OK' },
        '4XX': {
          description: 'Coded error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      ...(route.scope === undefined ? { security: [] } : { 'x-scope': route.scope }),
    };
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body) } },
      };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TMT execution service',
      version,
      description:
        'Decimals are strings. Scopes: read < trade < admin. Live events: WebSocket /api/v1/stream?cursor=N&token=T.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** A self-contained docs page (no CDN): lists every operation from /openapi.json. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TMT API</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}code{background:#f3f3f3;padding:0 .3em}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;width:4.5rem;font-weight:bold}pre{background:#f7f7f7;padding:.5rem;overflow:auto}</style>
</head><body><h1>TMT execution service API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.
Send <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{code, message, field}</code>.</p><div id="ops"></div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{const root=document.getElementById('ops');
for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
const d=document.createElement('div');d.className='op';
const head=document.createElement('div');head.innerHTML='<span class="m"></span><code></code> <em></em>';
head.querySelector('.m').textContent=method.toUpperCase();head.querySelector('code').textContent=path;
head.querySelector('em').textContent=op.summary+(op['x-scope']?' (scope '+op['x-scope']+')':'');d.appendChild(head);
if(op.requestBody){const pre=document.createElement('pre');pre.textContent=JSON.stringify(op.requestBody.content['application/json'].schema,null,1);d.appendChild(pre);}
root.appendChild(d);}}});
</script></body></html>`;
