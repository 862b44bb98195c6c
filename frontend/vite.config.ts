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
    proxy: {
      '/api': { target: backend },
      '/health': { target: backend },
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
