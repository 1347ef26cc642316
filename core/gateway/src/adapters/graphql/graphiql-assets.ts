/**
 * GraphiQL served by the gateway itself, so /graphql works offline and behind a firewall: graphql-yoga's
 * default page loads its scripts, styles and editor workers from unpkg.com. The assets come from
 * @graphql-yoga/render-graphiql (pinned with graphql-yoga; the same build yoga's page fetches), served
 * as separate cacheable files under `/graphql/assets/` rather than inlined into every page (~9 MB).
 */
import type { GraphiQLOptions } from 'graphql-yoga';

export const graphiqlAssetsPath = '/graphql/assets/';

export interface GraphiQLAsset {
  body: Buffer;
  contentType: string;
}

/** Asset names the page refers to (relative to the page, so a path prefix in front of the gateway works). */
const workerAssets = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' } as const;

let loading: Promise<ReadonlyMap<string, GraphiQLAsset>> | undefined;

/** The assets by file name, loaded on first use (the bundle is large; most gateways never show GraphiQL). */
export function graphiqlAssets(): Promise<ReadonlyMap<string, GraphiQLAsset>> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const script = 'application/javascript; charset=utf-8';
    const icon = /^data:([^;]+);base64,(.*)$/.exec(bundle.favicon);
    return new Map<string, GraphiQLAsset>([
      ['graphiql.js', { body: Buffer.from(bundle.js), contentType: script }],
      ['graphiql.css', { body: Buffer.from(bundle.css), contentType: 'text/css; charset=utf-8' }],
      [workerAssets.editorWorkerService, { body: Buffer.from(bundle.editorWorkerService), contentType: script }],
      [workerAssets.json, { body: Buffer.from(bundle.jsonWorker), contentType: script }],
      [workerAssets.graphql, { body: Buffer.from(bundle.graphqlWorker), contentType: script }],
      ...(icon ? [['favicon.ico', { body: Buffer.from(icon[2]!, 'base64'), contentType: icon[1]! }] as const] : []),
    ]);
  });
  return loading;
}

/** The page at GET /graphql (yoga's `renderGraphiQL`): only same-origin assets. */
export function renderGraphiQLPage(options?: GraphiQLOptions): string {
  const base = graphiqlAssetsPath.slice(1);
  const title = escapeHtml(typeof options?.title === 'string' ? options.title : 'GraphiQL');
  // JSON inside a <script>: `<` escaped so no value can close the element.
  const json = (value: unknown) => JSON.stringify(value ?? {}).replaceAll('<', '\\u003c');
  const workers = Object.fromEntries(Object.entries(workerAssets).map(([label, file]) => [label, `${base}${file}`]));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${base}favicon.ico" />
    <link rel="stylesheet" href="${base}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${json(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => new URL(workers[label], document.baseURI).href };
    </script>
    <script src="${base}graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${json(options)});
    </script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
