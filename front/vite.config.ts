import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** A TCP port from the environment, or `fallback` when the variable is unset or empty. */
function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name]?.trim() || String(fallback);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${text}"`);
  }
  return port;
}

// Read here only: the browser code always calls same-origin `/api`. `npm run dev` sets both, from PORT (the
// API server's port) and VITE_PORT (this dev server's port, the one the browser opens).
const apiPort = portFromEnv('CHECKSTAND_API_PORT', 3000);
const devPort = portFromEnv('VITE_PORT', 5173);

export default defineConfig({
  plugins: [react()],
  server: {
    port: devPort,
    strictPort: true,
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The API contract and zod, which parse every reply: a chunk of their own, cached across app releases.
          groups: [{ name: 'contract', test: /[\\/](node_modules[\\/]zod|contract[\\/]dist)[\\/]/ }],
        },
      },
    },
  },
});
