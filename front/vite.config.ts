import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server's port for the dev proxy. Read here only: the browser code always calls same-origin `/api`.
const apiPort = Number(process.env.CHECKSTAND_API_PORT ?? 3000);
if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65535) {
  throw new Error(
    `CHECKSTAND_API_PORT must be a TCP port (1-65535), got "${process.env.CHECKSTAND_API_PORT}"`,
  );
}

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
