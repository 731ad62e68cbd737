/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

/** Hashed file names never change content: browsers may keep them for a year. */
const LONG_CACHE = 'public, max-age=31536000, immutable';

/**
 * `vite preview` as the app's server for the local run and the browser tests: precompressed
 * brotli/gzip files, a year's cache for hashed assets, and `no-cache` for index.html and the
 * service worker, so a new build is picked up on the next visit (nginx.conf does the same).
 */
function staticHeaders(): Plugin {
  return {
    name: 'luna-static-headers',
    configurePreviewServer(server) {
      const distDir = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(
        sirv(distDir, {
          brotli: true,
          gzip: true,
          etag: true,
          single: true, // client-side routes get index.html...
          ignores: ['/assets/'], // ...but a missing script is a 404, never a page
          setHeaders(res, pathname) {
            res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? LONG_CACHE : 'no-cache');
            res.setHeader('X-Content-Type-Options', 'nosniff');
            res.setHeader('Referrer-Policy', 'no-referrer');
          },
        }),
      );
      // A missing hashed file is a 404: answering with index.html would hand HTML to a script tag.
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/assets/')) return next();
        res.statusCode = 404;
        res.end();
      });
    },
  };
}

// The API address is read at build time from VITE_LUNA_API_URL (see src/config.ts).
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifestFilename: 'manifest.json',
      includeAssets: ['luna.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'LUNA: apoyo al prediagnóstico de melanoma',
        short_name: 'LUNA',
        description: 'Apoyo al prediagnóstico de melanoma para profesionales de la salud',
        lang: 'es',
        start_url: '/app/analyse',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell: every built script, style and icon, so the app opens without a connection.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    compression({
      algorithms: ['gzip', 'brotliCompress'],
      include: /\.(js|css|html|svg|json|webmanifest)$/,
      threshold: 1024,
    }),
    staticHeaders(),
  ],
  server: { host: '127.0.0.1', port: 8100, strictPort: true },
  preview: { host: '127.0.0.1', port: 8100, strictPort: true },
  build: {
    rollupOptions: {
      // @ionic/core/components declares itself free of side effects in a nested package.json that
      // the bundler does not read; saying it here lets unused Ionic components drop out of the
      // bundle (the entry went from 1.3 MB to a fraction of it).
      treeshake: {
        moduleSideEffects: (id) => !/[\\/]@ionic[\\/]core[\\/]components[\\/]/.test(id),
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/setupTests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
