import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `npm run dev:admin` proxies the API to a running gateway (CONDUIT_GATEWAY_URL, default :8080).
const gateway = process.env.CONDUIT_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/admin/',
  plugins: [svelte()],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // index.html must not carry an inline script: the gateway's CSP forbids them.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
      '/v1': { target: gateway, changeOrigin: true },
    },
  },
});
