/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API runs separately (dotnet run); proxying keeps the session cookie same-origin.
const backend = process.env.BACKEND_URL ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  build: {
    // WebApi serves the built app, so one process is the whole product.
    outDir: '../src/WebApi/wwwroot',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    // xfwd: the API is told each request's client (X-Forwarded-For). With `vite --host` other machines reach this proxy,
    // whose own connection to the API is loopback; development sign-in answers only a loopback client.
    proxy: {
      '/api': { target: backend, xfwd: true },
      '/health': { target: backend, xfwd: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // A ceiling, not a wait: see asyncUtilTimeout in src/test/setup.ts.
    testTimeout: 30_000,
  },
});
