/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API address is read at build time from VITE_LUNA_API_URL (see src/config.ts).
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 8100, strictPort: true },
  preview: { host: '127.0.0.1', port: 8100, strictPort: true },
  build: { chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/setupTests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
